#!/usr/bin/env bash
# avx-events store on a store written by the event-sourcing example: stats, streams, read, tail.
set -uo pipefail
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
tool="$(abs "$1")" example="$(abs "$2")" schema="$(abs "$3")"
cd "$TEST_TMPDIR"
fail() { echo "FAIL: $*" >&2; exit 1; }
db="$TEST_TMPDIR/bank.db"
rm -f "$db"*

"$example" --db "$db" > run1.txt || fail "example exited $?"
grep -q "replayed from version-1 data: owner Grace Hopper, currency EUR" run1.txt || fail "upcast not shown"
grep -q "is at version 4, expected version 3" run1.txt || fail "conflict not shown"
"$example" --db "$db" > run2.txt || fail "second run exited $?"
grep -q "store $db: 5 events so far" run2.txt || { cat run2.txt; fail "second run did not continue the history"; }

"$tool" store stats --db "$db" > stats.txt || fail "stats exited $?"
grep -q ": 8 events in 2 streams" stats.txt || { cat stats.txt; fail "stats"; }
"$tool" store streams --db "$db" > streams.txt
[[ "$(cat streams.txt)" == $'Account-ada v7\nAccount-legacy v1' ]] || { cat streams.txt; fail "streams"; }
"$tool" store read --db "$db" --from 2 --limit 2 > read.txt
[[ $(wc -l < read.txt) -eq 2 ]] || fail "read --limit"
grep -q "^#2 Account-ada v1 examples.bank.AccountOpened (schema v2)" read.txt || { cat read.txt; fail "read"; }
"$tool" store read --db "$db" --stream Account-legacy --format json > legacy.json
grep -q '"schema_version":1' legacy.json || fail "read --format json"
# With the schema file, payloads print as JSON, whatever version they were written in.
"$tool" store read --db "$db" --schema "$schema" --limit 2 > decoded.txt || fail "read --schema exited $?"
grep -q '^#1 Account-legacy v1 examples.bank.AccountOpened (schema v1) {"account_id":"legacy","holder":"Grace Hopper"}$' decoded.txt || { cat decoded.txt; fail "v1 payload as JSON"; }
grep -q '"owner":"Ada Lovelace","currency":"EUR"}$' decoded.txt || { cat decoded.txt; fail "v2 payload as JSON"; }
"$tool" store read --db "$db" --schema "$schema" --format json --limit 1 | grep -q '"payload":{"account_id":"legacy"' || fail "--json payload"
"$tool" store read --db "$db" --schema "$TEST_TMPDIR/none.yaml" 2> err.txt; [[ $? -eq 2 ]] || fail "missing schema should exit 2"
grep -q "none.yaml" err.txt || fail "missing schema not named"

# The store as it was: --to-version ends the read, --until leaves out what was stamped later.
"$tool" store read --db "$db" --stream Account-ada --to-version 2 > v2.txt || fail "--to-version exited $?"
[[ $(wc -l < v2.txt) -eq 2 ]] && grep -q "^#[0-9]* Account-ada v2 " v2.txt || { cat v2.txt; fail "--to-version 2 of a stream"; }
"$tool" store read --db "$db" --to-version 3 > p3.txt
[[ $(wc -l < p3.txt) -eq 3 ]] && tail -1 p3.txt | grep -q "^#3 " || { cat p3.txt; fail "--to-version 3 of \$all"; }
first_run_ends=$("$tool" store read --db "$db" --from 5 --limit 1 --format json | sed 's/.*"timestamp":"\([^"]*\)".*/\1/')
"$tool" store read --db "$db" --until "$first_run_ends" > then.txt || fail "--until exited $?"
[[ $(wc -l < then.txt) -eq 5 ]] || { echo "until $first_run_ends"; cat then.txt; fail "--until: the first run's 5 events"; }
"$tool" store read --db "$db" --until 2000-01-01T00:00:00Z | wc -l | grep -qx 0 || fail "--until before everything"
"$tool" store read --db "$db" --until yesterday 2> err.txt; [[ $? -eq 2 ]] || fail "--until garbage should exit 2"
grep -q "not an RFC 3339 time" err.txt || { cat err.txt; fail "--until garbage message"; }
"$tool" store tail --db "$db" --until 2000-01-01T00:00:00Z 2> err.txt; [[ $? -eq 2 ]] || fail "tail --until should exit 2"

# tail from the next position: it shows what the example appends whenever it starts, and stops
# after --limit events (no sleep decides the order).
head=$("$tool" store stats --db "$db" --format json | sed 's/.*"events":\([0-9]*\).*/\1/')
"$tool" store tail --db "$db" --from $((head + 1)) --limit 3 --for 60 > tail.txt &
tail_pid=$!
"$example" --db "$db" > /dev/null
wait $tail_pid || fail "tail exited $?"
[[ $(wc -l < tail.txt) -eq 3 ]] || { cat tail.txt; fail "tail --limit 3"; }
grep -q "^#$((head + 1)) " tail.txt || { cat tail.txt; fail "tail did not start at --from"; }
# tail --from an old position delivers the stored backlog first.
"$tool" store tail --db "$db" --from 1 --limit 2 --for 60 > backlog.txt || fail "tail --from 1 exited $?"
grep -q "^#1 Account-legacy" backlog.txt || { cat backlog.txt; fail "tail --from 1 skipped the backlog"; }
"$tool" store read --db "$db" --limit 1 > /dev/null 2> limit.txt
grep -q "stopped at --limit 1; more from --from 2" limit.txt || { cat limit.txt; fail "read should say it stopped at --limit"; }

"$tool" store stats --db "$TEST_TMPDIR/missing.db" 2> err.txt; [[ $? -eq 2 ]] || fail "missing store should exit 2"
grep -q "no such event store" err.txt || fail "missing store message"
echo "not sqlite" > junk.db
"$tool" store stats --db junk.db 2> err.txt; [[ $? -eq 2 ]] || fail "junk file should exit 2"
"$tool" store frobnicate --db "$db" 2> /dev/null; [[ $? -eq 2 ]] || fail "unknown action should exit 2"
echo "store_cli_test: ok"
