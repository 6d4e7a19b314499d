#!/usr/bin/env bash
# How long the generated code of a large schema takes to compile, beside protoc's C++ for the same
# messages. Usage: tests/bench/build/generated_build.sh [EVENTS] [FIELDS_PER_EVENT=10 fixed]
#
# Writes a schema of EVENTS events (default 200) of 10 fields each, and the same messages as a
# .proto; generates both; compiles every generated source once, one at a time, as Bazel's fastbuild
# does (g++ -O0, C++20), and prints per file the wall and CPU seconds and peak memory (/usr/bin/time).
# Needs: tools/setup (protobuf-compiler, libprotobuf-dev, time) and a built //runtime.
set -euo pipefail
cd "$(dirname "$0")/../../.."
events=${1:-200}
work=$(mktemp -d -t avx-build-bench.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

bazel build -c opt //tools:avx-events //runtime >/dev/null 2>&1
avx=bazel-bin/tools/avx-events

tests/bench/build/wide_schema.sh "$events" 1 "$work"

mkdir -p "$work/avx" "$work/pb"
"$avx" generate --out "$work/avx" --root "$work" "$work/wide.yaml" >/dev/null
capnp compile --src-prefix="$work/avx" -oc++:"$work/avx" "$work/avx/wide.avx.capnp"
protoc --proto_path="$work" --cpp_out="$work/pb" "$work/wide.proto"

includes=(-I"$work/avx" -I"$work/pb")
for dir in bazel-bin/runtime/*/_virtual_includes/* bazel-bin/runtime/_virtual_includes/*; do
  includes+=(-I"$dir")
done

compile() {  # label file
  local secs user sys kib
  if ! /usr/bin/time -o "$work/time" -f '%e %U %S %M' g++ -std=c++20 -O0 -c "${includes[@]}" "$2" -o /dev/null \
      2>"$work/errors"; then
    head -20 "$work/errors" >&2
    echo "$1: does not compile" >&2
    exit 1
  fi
  read -r secs user sys kib <"$work/time"
  printf '%-28s %6.1f s wall %6.1f s cpu %6d MiB\n' "$1" "$secs" "$(awk "BEGIN { print $user + $sys }")" $((kib / 1024))
}

echo "schema: $events events x 10 fields; g++ $(g++ -dumpversion) -O0, one file at a time"
compile "avx: wide.avx.cc" "$work/avx/wide.avx.cc"
compile "avx: wide.avx.capnp.c++" "$work/avx/wide.avx.capnp.c++"
compile "protobuf: wide.pb.cc" "$work/pb/wide.pb.cc"
