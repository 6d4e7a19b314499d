#!/usr/bin/env bash
# The CQRS and request/reply examples run and say what their READMEs promise.
set -uo pipefail
cqrs="$1"
request_reply="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cqrs" > cqrs.txt 2>&1 || { cat cqrs.txt; fail "examples/cqrs exited $?"; }
for line in "lend b-1 to ada: Dune" 'lend b-1 to grace: refused: "Dune" is out with ada' \
            "ada has 1 book(s): Dune" "grace has 0 book(s):" "5 events stored" \
            "command examples.library.LendBook correlation=checkout-42 ok in"; do
  grep -qF "$line" cqrs.txt || { cat cqrs.txt; fail "cqrs output lacks: $line"; }
done

"$request_reply" > rr.txt 2>&1 || { cat rr.txt; fail "examples/request_reply exited $?"; }
for line in "apple x3: 120 cents" "kiwi x1: not found: no price for kiwi" \
            "slow x1 (50 ms timeout): timeout: examples.pricing.Quote got no reply within 50 ms" \
            "restock: no responders for command examples.pricing.Restock" \
            "from a coroutine, pear x2: 110 cents"; do
  grep -qF "$line" rr.txt || { cat rr.txt; fail "request_reply output lacks: $line"; }
done
echo PASS
