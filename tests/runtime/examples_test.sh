#!/usr/bin/env bash
# The pub/sub and topic routing examples run and say what the README promises.
set -uo pipefail
basic_pubsub="$1"
topic_routing="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$basic_pubsub" > basic.txt 2>&1 || { cat basic.txt; fail "examples/basic_pubsub exited $?"; }
for line in "hello, Ada (x1)" "hello, Grace (x3) note: from the examples" \
            'as JSON: {"name":"Linus","times":2}' "decoded back equal: true" \
            "after unsubscribing, delivered to 0 subscribers" "greeter stats: delivered 2"; do
  grep -qF "$line" basic.txt || { cat basic.txt; fail "basic_pubsub output lacks: $line"; }
done

"$topic_routing" > topics.txt 2>&1 || { cat topics.txt; fail "examples/topic_routing exited $?"; }
for line in "subscribing to 'inventory.ea*t' fails: pattern 'inventory.ea*t': segment 2" \
            "[inventory.east.**]      received 40 x sku-1" \
            "[inventory.*.stock.reserved] 2 x sku-1 for order order-17" \
            "[**.alerts.*]            sku-9 depleted in WEST" \
            "[audit inventory.**]     inventory.west.alerts.depleted examples.inventory.StockDepleted v1" \
            'topic_matches("inventory.**", "inventory") = true'; do
  grep -qF -- "$line" topics.txt || { cat topics.txt; fail "topic_routing output lacks: $line"; }
done
echo PASS
