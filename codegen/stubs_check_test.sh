#!/usr/bin/env bash
# The test behind avx_events_stubs_test: fails, printing the findings, when the handler files have
# fallen behind the schema.
#   stubs_check_test.sh TOOL ROOT SCHEMA FILE...   (the first FILE's directory is the stub directory)
set -uo pipefail
tool="$1" root="$2" schema="$3"
shift 3
out=$(dirname "$1")
sources=()
for f in "$@"; do
  [[ "$(dirname "$f")" == "$out" ]] || sources+=(--sources "$f")
done
exec "$tool" stubs --check --root "$root" --out "$out" "${sources[@]}" "$schema"
