#!/usr/bin/env bash
# What publishing many event types costs an optimized build: one translation unit that publishes
# each of EVENTS generated event types (10 fields each) on an EventBus, compiled as Bazel's -c opt
# does (g++ -O2, C++20). Prints the wall seconds, peak memory (/usr/bin/time) and the object's
# size. Usage: tests/bench/build/publish_build.sh [EVENTS=200]
# Needs: tools/setup (time) and a built //runtime and //tools:avx-events (-c opt).
set -euo pipefail
cd "$(dirname "$0")/../../.."
events=${1:-200}
work=$(mktemp -d -t avx-publish-build.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

bazel build -c opt //tools:avx-events //runtime >/dev/null 2>&1
mkdir -p "$work/avx"
tests/bench/build/wide_schema.sh "$events" 1 "$work"
bazel-bin/tools/avx-events generate --out "$work/avx" --root "$work" "$work/wide.yaml" >/dev/null
capnp compile --src-prefix="$work/avx" -oc++:"$work/avx" "$work/avx/wide.avx.capnp"

{
  echo '#include "avx/events/bus.h"'
  echo '#include "wide.avx.h"'
  echo 'void publish_all(avx::events::EventBus& bus) {'
  for ((i = 0; i < events; i++)); do echo "  bus.publish(bench::wide::Event$i{});"; done
  echo '}'
} >"$work/publish_all.cc"

includes=(-I"$work/avx")
for dir in bazel-bin/runtime/*/_virtual_includes/* bazel-bin/runtime/_virtual_includes/*; do
  includes+=(-I"$dir")
done
if ! /usr/bin/time -o "$work/time" -f '%e %M' g++ -std=c++20 -O2 -c "${includes[@]}" "$work/publish_all.cc" \
    -o "$work/publish_all.o" 2>"$work/errors"; then
  head -20 "$work/errors" >&2
  echo "publish_all.cc: does not compile" >&2
  exit 1
fi
read -r secs kib <"$work/time"
text=$(size "$work/publish_all.o" | awk 'NR == 2 { print $1 }')
printf 'publish of %d event types, g++ %s -O2: %.1f s wall, %d MiB, %d KiB of code\n' \
  "$events" "$(g++ -dumpversion)" "$secs" $((kib / 1024)) $((text / 1024))
