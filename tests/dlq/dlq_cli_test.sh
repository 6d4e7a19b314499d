#!/usr/bin/env bash
# avx-events dlq against a store file a service filled: list, show (with payloads decoded from the
# schema), replay picked up by the running guard, purge with its guard rails, and bad input.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
service="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
schema="$(cd "$(dirname "$3")" && pwd)/$(basename "$3")"
work="${TEST_TMPDIR}/dlq"
mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$tool" dlq --help | grep -q -- "--subscription" || fail "dlq --help does not mention --subscription"
"$tool" dlq list --db missing.db 2> err.txt; [[ $? -eq 2 ]] || fail "a missing store should exit 2"
grep -q "missing.db: no such event store" err.txt || fail "no clear error for a missing store"

"$service" fill app.db || fail "filling the store failed"

"$tool" dlq list --db app.db > list.txt || fail "list exited $?"
[[ $(grep -c '^#' list.txt) -eq 4 ]] || { cat list.txt; fail "expected 4 letters"; }
grep -q "^#1 projection Order-a parked attempts=1 tests.orders.OrderPlaced v1 at #1: read model offline" list.txt \
  || { cat list.txt; fail "letter 1 not listed as expected"; }
grep -q "^#2 projection Order-a queued attempts=0" list.txt || { cat list.txt; fail "letter 2 should wait behind 1"; }
grep -q "^3 parked, 0 retrying, 1 queued" list.txt || { cat list.txt; fail "wrong counts"; }

"$tool" dlq list --db app.db --subscription mailer --format json > mailer.json || fail "list --format json exited $?"
[[ $(wc -l < mailer.json) -eq 1 ]] || fail "mailer should have one letter"
grep -q '"subscription":"mailer"' mailer.json || fail "json lacks the subscription"
grep -q '"state":"parked"' mailer.json || fail "json lacks the state"

"$tool" dlq show --db app.db --id 3 --format json --schema "$schema" > show.json || fail "show exited $?"
grep -q '"amountCents":"1234"\|"amount_cents":"1234"\|"amountCents":1234\|"amount_cents":1234' show.json \
  || { cat show.json; fail "payload not decoded from the schema"; }
"$tool" dlq show --db app.db 2> err.txt; [[ $? -eq 2 ]] || fail "show without --id should exit 2"
"$tool" dlq show --db app.db --id 99 2> err.txt; [[ $? -eq 2 ]] || fail "show of an unknown id should exit 2"
grep -q "no dead letter 99" err.txt || fail "unknown id not named"

"$tool" dlq replay --db app.db 2> err.txt; [[ $? -eq 2 ]] || fail "replay without a selection should exit 2"
grep -q "needs --id, --subscription or --all" err.txt || { cat err.txt; fail "replay guard rail not explained"; }
"$tool" dlq replay --db app.db --id 99 2> err.txt; [[ $? -eq 2 ]] || fail "replay of an unknown id should exit 2"
"$tool" dlq replay --db app.db --subscription projection > replay.txt || fail "replay exited $?"
grep -q "^2 parked letters marked for replay" replay.txt || { cat replay.txt; fail "replay count"; }
"$service" drain app.db > drained.txt || fail "the service's guard failed"
diff <(printf 'handled Order-a #1\nhandled Order-a #2\nhandled Order-b #3\n') drained.txt \
  || fail "the guard did not replay in order"
"$tool" dlq list --db app.db > list.txt
grep -q "^1 parked, 0 retrying, 0 queued" list.txt || { cat list.txt; fail "only the mailer's letter should remain"; }

"$tool" dlq purge --db app.db 2> err.txt; [[ $? -eq 2 ]] || fail "purge without a selection should exit 2"
"$tool" dlq purge --db app.db --id 99 2> err.txt; [[ $? -eq 2 ]] || fail "purge of an unknown id should exit 2"
"$tool" dlq purge --db app.db --id 4 > purge.txt || fail "purge exited $?"
grep -q "purged 1 letter" purge.txt || fail "purge count"
"$tool" dlq list --db app.db | grep -q "^0 parked, 0 retrying, 0 queued" || fail "store should be empty"
echo PASS
