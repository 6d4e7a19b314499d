#!/usr/bin/env bash
# `avx-events stubs --sync` on handler files a user edited: the handler of an added command is
# inserted exactly as synced/ shows (after the last handler, inside the namespace), no original
# line is lost or moved, a second run changes nothing, stale and orphaned handlers are reported and
# left alone, and missing stub files are written whole.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
work="$TEST_TMPDIR/work"
fresh() { rm -rf "$work" && mkdir -p "$work" && cp -r handlers other v2 v3 "$work"/ && chmod -R u+w "$work"; }
sync() { (cd "$work" && "$tool" stubs --sync "$@"); }

fresh
out=$(sync --root v3 --out handlers --sources other/ping.cc v3/bank.yaml 2>&1); rc=$?
[[ $rc -eq 0 ]] || { echo "$out"; fail "v3 sync exit $rc"; }
[[ "$out" == "added CloseHandlerImpl (command tests.bank.Close) to handlers/bank.stubs.h and handlers/bank.stubs.cc" ]] \
  || fail "v3 sync said: $out"
for f in bank.stubs.h bank.stubs.cc; do
  cmp -s "$work/handlers/$f" "synced/$f" || { diff "synced/$f" "$work/handlers/$f"; fail "$f differs from synced/$f"; }
  # Only additions: every original line is still there, in order.
  removed=$(diff "handlers/$f" "$work/handlers/$f" | grep -c '^<')
  [[ $removed -eq 0 ]] || fail "$f lost or changed $removed original lines"
done
cmp -s other/ping.cc "$work/other/ping.cc" || fail "a file of --sources was changed"

before=$(cat "$work"/handlers/* | md5sum)
out=$(sync --root v3 --out handlers --sources other/ping.cc v3/bank.yaml 2>&1); rc=$?
[[ $rc -eq 0 && "$out" == "in sync: nothing to add" ]] || fail "second run: exit $rc: $out"
[[ "$(cat "$work"/handlers/* | md5sum)" == "$before" ]] || fail "a second run changed the files"

# v2 also changed a reply type and removed a query: reported with the new signature, not edited.
fresh
out=$(sync --root v2 --out handlers --sources other/ping.cc v2/bank.yaml 2>&1); rc=$?
[[ $rc -eq 1 ]] || { echo "$out"; fail "v2 sync should exit 1, not $rc"; }
grep -q "STUB_STALE.*the schema now declares: ::avx::events::Result<std::string> handle(AccountBase& account" <<< "$out" \
  || fail "v2: no stale report: $out"
grep -q "STUB_ORPHANED\] BalanceReader" <<< "$out" || fail "v2: no orphan report: $out"
grep -q "Result<std::int64_t> handle(AccountBase& account, const Deposit& command," "$work/handlers/bank.stubs.h" \
  || fail "the stale handler was edited"
grep -q "class BalanceReader final" "$work/handlers/bank.stubs.h" || fail "the orphaned handler was deleted"
grep -q "class CloseHandlerImpl final : public CloseHandler" "$work/handlers/bank.stubs.h" || fail "v2: Close not added"

# No stub files yet: written whole, as `stubs` writes them. One of the two missing: an error.
fresh
rm "$work"/handlers/*
out=$(sync --root v3 --out handlers --include-dir handlers v3/bank.yaml 2>&1); rc=$?
[[ $rc -eq 0 && -s "$work/handlers/bank.stubs.h" && -s "$work/handlers/bank.stubs.cc" ]] || fail "fresh sync: $rc: $out"
[[ $(grep -c "HandlerImpl final" "$work/handlers/bank.stubs.h") -eq 5 ]] || fail "fresh stubs lack handlers"
fresh
rm "$work/handlers/bank.stubs.cc"
sync --root v3 --out handlers --sources other/ping.cc v3/bank.yaml > /dev/null 2> "$TEST_TMPDIR/errors.txt"
[[ $? -eq 2 ]] && grep -q "bank.stubs.cc: error: missing beside" "$TEST_TMPDIR/errors.txt" || { cat "$TEST_TMPDIR/errors.txt"; fail "half the stubs"; }
sync --check --root v3 --out handlers v3/bank.yaml > /dev/null 2>&1; [[ $? -eq 2 ]] || fail "--sync with --check"
echo "stubsync_test: ok"
