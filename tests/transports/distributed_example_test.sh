#!/usr/bin/env bash
# examples/distributed runs as its README says: with AVX_NATS_URL unset it starts a nats-server,
# three service processes talk only through NATS, every order is shipped, and the shipping group
# handled each OrderPlaced exactly once between its two members.
set -uo pipefail
example="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }

unset AVX_NATS_URL
timeout 120 "$example" > out.txt 2>&1 || { cat out.txt; fail "examples/distributed exited $?"; }
for line in "NATS: nats://127.0.0.1:" "(a local nats-server, started for this run)" \
            "place o-1 for ada: ok" "place o-6 for ken: ok" "o-1: shipped" "o-6: shipped" \
            "orders saw 6 event(s):" "OrderShipped o-4 by freight" "OrderShipped o-5 by parcel" \
            "6 of 6 orders shipped"; do
  grep -qF -- "$line" out.txt || { cat out.txt; fail "output lacks: $line"; }
done
for n in 1 2 3 4 5 6; do
  count=$(grep -c "^  OrderPlaced o-$n for" out.txt)
  [[ "$count" == 1 ]] || { cat out.txt; fail "OrderPlaced o-$n handled $count times by shipping"; }
done
grep -q "^shipping-1 saw" out.txt && grep -q "^shipping-2 saw" out.txt || { cat out.txt; fail "a shipping member did not report"; }
if grep -q "avx-events nats: " out.txt; then cat out.txt; fail "connection noise at a clean shutdown"; fi
echo PASS
