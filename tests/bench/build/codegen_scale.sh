#!/usr/bin/env bash
# How long generating a very large schema takes and how much memory it needs, beside protoc
# generating C++ for the same messages. Usage: tests/bench/build/codegen_scale.sh [EVENTS=5000] [GROUPS=2]
#
# EVENTS events of GROUPS x 10 fields (wide_schema.sh). Prints wall and CPU seconds and peak
# memory (/usr/bin/time) of `avx-events generate` (-c opt, as `bazel run` builds it for users) and
# of `protoc --cpp_out`. Needs: tools/setup (protobuf-compiler, time).
set -euo pipefail
cd "$(dirname "$0")/../../.."
events=${1:-5000}
groups=${2:-2}
work=$(mktemp -d -t avx-codegen-scale.XXXXXX)
trap 'rm -rf "$work"' EXIT

bazel build -c opt //tools:avx-events >/dev/null 2>&1
tests/bench/build/wide_schema.sh "$events" "$groups" "$work"
mkdir -p "$work/avx" "$work/pb"

measure() {  # label command...
  local label=$1 secs user sys kib
  shift
  if ! /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/errors"; then
    head -20 "$work/errors" >&2
    echo "$label: failed" >&2
    exit 1
  fi
  read -r secs user sys kib <"$work/time"
  printf '%-22s %6.2f s wall %6.2f s cpu %6d MiB\n' "$label" "$secs" "$(awk "BEGIN { print $user + $sys }")" \
    $((kib / 1024))
}

echo "schema: $events events x $((groups * 10)) fields ($(wc -c <"$work/wide.yaml") bytes of YAML)"
measure "avx-events generate" bazel-bin/tools/avx-events generate --out "$work/avx" --root "$work" "$work/wide.yaml"
measure "protoc --cpp_out" protoc --proto_path="$work" --cpp_out="$work/pb" "$work/wide.proto"
echo "generated: avx $(du -sm "$work/avx" | cut -f1) MiB, protoc $(du -sm "$work/pb" | cut -f1) MiB"
