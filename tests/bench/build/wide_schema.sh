#!/usr/bin/env bash
# Writes DIR/wide.yaml and DIR/wide.proto: the same EVENTS messages of GROUPS x 10 fields each
# (scalars, a timestamp, a list, an optional, an enum and a record per group), for the build and
# generation benchmarks. Usage: tests/bench/build/wide_schema.sh EVENTS GROUPS DIR
set -euo pipefail
events=$1 groups=$2 dir=$3

{
  echo "package: bench.wide"
  echo "enums:"
  echo "  Status: [NEW, DONE]"
  echo "types:"
  echo "  Money:"
  echo "    fields:"
  echo "      cents: int64"
  echo "      currency: string"
  echo "events:"
  for ((i = 0; i < events; i++)); do
    echo "  Event$i:"
    echo "    topic: bench.wide.e$i"
    echo "    fields:"
    for ((g = 0; g < groups; g++)); do
      s=$([ "$g" = 0 ] && echo "" || echo "_$g")
      cat <<YAML
      id$s: string
      seq$s: int64
      count$s: int32
      ok$s: bool
      ratio$s: float64
      at$s: timestamp
      tags$s: list<string>
      note$s: {type: string, optional: true}
      status$s: Status
      amount$s: Money
YAML
    done
  done
} >"$dir/wide.yaml"

{
  echo 'syntax = "proto3";'
  echo 'package bench.wide;'
  echo 'import "google/protobuf/timestamp.proto";'
  echo 'enum Status { NEW = 0; DONE = 1; }'
  echo 'message Money { int64 cents = 1; string currency = 2; }'
  for ((i = 0; i < events; i++)); do
    echo "message Event$i {"
    for ((g = 0; g < groups; g++)); do
      s=$([ "$g" = 0 ] && echo "" || echo "_$g") n=$((g * 10))
      echo "  string id$s = $((n + 1)); int64 seq$s = $((n + 2)); int32 count$s = $((n + 3)); bool ok$s = $((n + 4));"
      echo "  double ratio$s = $((n + 5)); google.protobuf.Timestamp at$s = $((n + 6)); repeated string tags$s = $((n + 7));"
      echo "  optional string note$s = $((n + 8)); Status status$s = $((n + 9)); Money amount$s = $((n + 10));"
    done
    echo "}"
  done
} >"$dir/wide.proto"
