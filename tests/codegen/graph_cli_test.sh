#!/usr/bin/env bash
# `avx-events graph`: DOT that Graphviz accepts, with a node for everything the schemas declare and
# the edges between them; SVG rendered by dot; the picture in docs/ kept up to date; errors exit 2.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fail() { echo "FAIL: $*" >&2; exit 1; }
work="${TEST_TMPDIR}/graph"
mkdir -p "$work"

# Every declaration is a node, every relation an edge.
"$tool" graph tests/schemas/orders.yaml > "$work/orders.dot" || fail "graph exited $?"
for node in '"command:tests.orders.PlaceOrder"' '"event:tests.orders.OrderPlaced"' \
            '"aggregate:tests.orders.Order"' '"topic:tests.orders.placed"' '"subscriber:tests.orders.Subscriber"' \
            '"query:tests.orders.GetOrder"'; do
  grep -qF "$node [label=" "$work/orders.dot" || { cat "$work/orders.dot"; fail "no node $node"; }
done
grep -qF '"command:tests.orders.PlaceOrder" -> "event:tests.orders.OrderPlaced" [label="emits"]' "$work/orders.dot" \
  || fail "PlaceOrder does not emit OrderPlaced in the graph"
grep -qF '"event:tests.orders.OrderPlaced" -> "aggregate:tests.orders.Order" [label="applied to", style=dashed]' \
  "$work/orders.dot" || fail "OrderPlaced is not applied to Order"

# Graphviz accepts it, and draws every node (dot writes each node's id as its SVG title).
dot -Tsvg "$work/orders.dot" > "$work/orders.svg" || fail "dot refused the DOT output"
"$tool" graph --format svg tests/schemas/orders.yaml > "$work/direct.svg" || fail "graph --format svg exited $?"
cmp -s "$work/orders.svg" "$work/direct.svg" || fail "--format svg differs from dot -Tsvg of the DOT output"
grep -qF '<title>event:tests.orders.OrderPlaced</title>' "$work/direct.svg" || fail "the SVG lacks OrderPlaced"

# Imports: the imported package is drawn as a cluster of its own.
"$tool" graph tests/schemas/imports.yaml > "$work/imports.dot" || fail "graph of imports exited $?"
[[ $(grep -c "subgraph cluster_" "$work/imports.dot") -ge 2 ]] || fail "the imported package has no cluster"

# The picture in docs/production.md is what the tool draws today.
"$tool" graph --format svg --out "$work/shop.svg" examples/production_service/shop.yaml || fail "--out exited $?"
diff -q "$work/shop.svg" docs/images/production_service.svg > /dev/null || fail \
  "docs/images/production_service.svg is stale: bazel run //:avx-events -- graph --format svg --out \$PWD/docs/images/production_service.svg \$PWD/examples/production_service/shop.yaml"

# Errors: a bad schema, an unknown format.
printf 'package: bad\nevents:\n  E:\n    fields: {x: nope}\n' > "$work/bad.yaml"
"$tool" graph "$work/bad.yaml" > /dev/null 2> "$work/err.txt"; [[ $? -eq 2 ]] || fail "a bad schema should exit 2"
grep -q "bad.yaml:4:" "$work/err.txt" || { cat "$work/err.txt"; fail "no positioned error"; }
grep -q "no graph drawn" "$work/err.txt" || fail "the error does not say nothing was drawn"
"$tool" graph --format png tests/schemas/orders.yaml > /dev/null 2>&1; [[ $? -eq 2 ]] || fail "--format png should exit 2"
echo "graph_cli_test: ok"
