#!/usr/bin/env bash
# The test behind avx_events_compat_test: fails, printing the findings, when the schemas break
# compatibility with the baseline under the mode.
#   compat_test.sh TOOL MODE BASELINE_DIR SCHEMA...
set -uo pipefail
tool="$1" mode="$2" baseline="$3"
shift 3
if [[ ! -d "$baseline" ]]; then
  echo "baseline directory $baseline is missing; create it with: avx-events compat --write-baseline $baseline $*" >&2
  exit 1
fi
exec "$tool" compat --mode "$mode" --against "$baseline" "$@"
