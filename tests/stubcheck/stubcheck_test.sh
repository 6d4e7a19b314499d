#!/usr/bin/env bash
# `avx-events stubs --check` on handler files a user edited (tests/stubcheck/handlers, other/):
# in sync with schema v1; with v2 (a reply type changed, a command added, a query removed) it names
# each handler that fell behind, at its position; errors in the user's code are errors, exit 2.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
rule_script="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
cd "$(dirname "$0")" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { "$tool" stubs --check "$@"; }
before=$(cat handlers/* other/* | md5sum)

out=$(check --root v1 --out handlers --sources other/ping.cc v1/bank.yaml 2>&1); rc=$?
[[ $rc -eq 0 ]] || { echo "$out"; fail "v1 should be in sync (exit $rc)"; }
[[ "$out" == "in sync: 4 handlers in 3 files" ]] || fail "v1: $out"

out=$(check --root v2 --out handlers --sources other/ping.cc v2/bank.yaml 2> "$TEST_TMPDIR/errors.txt"); rc=$?
[[ $rc -eq 1 ]] || { echo "$out"; cat "$TEST_TMPDIR/errors.txt"; fail "v2 should exit 1, not $rc"; }
expected="handlers/bank.stubs.h:1:1: error [STUB_MISSING] no class implements tests::bank::CloseHandler (command tests.bank.Close): add a class deriving from it with ::avx::events::Result<::avx::events::Done> handle(const Close& command, const ::avx::events::DispatchContext& context) override
handlers/bank.stubs.h:29:39: error [STUB_STALE] tests::bank::DepositHandlerImpl::handle no longer matches tests::bank::DepositHandler (command tests.bank.Deposit); the schema now declares: ::avx::events::Result<std::string> handle(AccountBase& account, const Deposit& command, const ::avx::events::DispatchContext& context); it was: ::avx::events::Result<std::int64_t> handle(AccountBase& account, const Deposit& command, const ::avx::events::DispatchContext& context)
handlers/bank.stubs.h:37:7: error [STUB_ORPHANED] BalanceReader overrides handle() of 'tests::bank::BalanceHandler', which the schema no longer declares: delete the handler, or restore its command or query"
[[ "$out" == "$expected" ]] || { diff <(echo "$expected") <(echo "$out"); fail "v2 findings"; }

out=$(check --format github --root v2 --out handlers --sources other/ping.cc v2/bank.yaml 2> /dev/null)
grep -q "^::error file=handlers/bank.stubs.h,line=29,col=39,title=STUB_STALE::tests::bank::DepositHandlerImpl::handle" <<< "$out" \
  || { echo "$out"; fail "github format"; }

# The handler moved out of the stub files is missing unless its file is given.
out=$(check --root v1 --out handlers v1/bank.yaml 2> /dev/null); rc=$?
[[ $rc -eq 1 ]] && grep -q "STUB_MISSING] no class implements tests::bank::PingHandler" <<< "$out" || fail "without --sources: $out"
out=$(check --root v1 --out "$TEST_TMPDIR/none" v1/bank.yaml 2> /dev/null); rc=$?
[[ $rc -eq 1 && $(grep -c STUB_MISSING <<< "$out") -eq 4 ]] || fail "no handler files: every handler is missing: $out"

# With the flags of the user's build (compile_commands.json): the header borrows its source's.
cat > "$TEST_TMPDIR/compile_commands.json" <<JSON
[
  {"directory": "$PWD", "file": "handlers/bank.stubs.cc", "arguments": ["c++", "-std=c++20", "-c", "handlers/bank.stubs.cc"]},
  {"directory": "$PWD", "file": "other/ping.cc", "arguments": ["c++", "-std=c++20", "-c", "other/ping.cc"]}
]
JSON
out=$(check --compile-commands "$TEST_TMPDIR/compile_commands.json" --root v2 --out handlers --sources other/ping.cc \
      v2/bank.yaml 2> /dev/null)
[[ "$out" == "$expected" ]] || { diff <(echo "$expected") <(echo "$out"); fail "v2 findings with compile_commands.json"; }
echo '[{"directory": ' > "$TEST_TMPDIR/bad.json"
check --compile-commands "$TEST_TMPDIR/bad.json" --root v1 --out handlers v1/bank.yaml > /dev/null 2> "$TEST_TMPDIR/errors.txt"
[[ $? -eq 2 ]] && grep -q "bad.json: error: " "$TEST_TMPDIR/errors.txt" || { cat "$TEST_TMPDIR/errors.txt"; fail "bad compile_commands.json"; }

# Errors in the user's code, and bad usage: exit 2, with positions.
printf '#include "bank.avx.h"\n#include "nope.h"\n' > "$TEST_TMPDIR/include.cc"
check --root v1 --out handlers --sources "$TEST_TMPDIR/include.cc" --sources other/ping.cc v1/bank.yaml > /dev/null 2> "$TEST_TMPDIR/errors.txt"
[[ $? -eq 2 ]] && grep -q "include.cc:2:10: error: 'nope.h' file not found" "$TEST_TMPDIR/errors.txt" || { cat "$TEST_TMPDIR/errors.txt"; fail "missing include"; }
printf 'namespace x { int f() { return ; } }\n' > "$TEST_TMPDIR/syntax.cc"
check --root v1 --out handlers --sources other/ping.cc --sources "$TEST_TMPDIR/syntax.cc" v1/bank.yaml > /dev/null 2> "$TEST_TMPDIR/errors.txt"
[[ $? -eq 2 ]] && grep -q "syntax.cc:1:25: error: non-void function 'f' should return a value" "$TEST_TMPDIR/errors.txt" || { cat "$TEST_TMPDIR/errors.txt"; fail "error in user code"; }
check --root v1 --out handlers --sources nothere.cc v1/bank.yaml > /dev/null 2> "$TEST_TMPDIR/errors.txt"
[[ $? -eq 2 ]] && grep -q "nothere.cc: error: --sources names no readable file" "$TEST_TMPDIR/errors.txt" || { cat "$TEST_TMPDIR/errors.txt"; fail "--sources"; }
check --format xml --root v1 --out handlers v1/bank.yaml > /dev/null 2>&1; [[ $? -eq 2 ]] || fail "--format xml"

# The script behind avx_events_stubs_test fails on v2 and passes on v1 (files from elsewhere as --sources).
rule="$rule_script"
"$rule" "$tool" v2 v2/bank.yaml handlers/bank.stubs.cc handlers/bank.stubs.h other/ping.cc > "$TEST_TMPDIR/rule.txt" 2>&1
[[ $? -eq 1 ]] && grep -q "STUB_STALE" "$TEST_TMPDIR/rule.txt" || { cat "$TEST_TMPDIR/rule.txt"; fail "the stubs test rule passes on v2"; }
"$rule" "$tool" v1 v1/bank.yaml handlers/bank.stubs.cc handlers/bank.stubs.h other/ping.cc other/ping.h > "$TEST_TMPDIR/rule.txt" 2>&1 \
  || { cat "$TEST_TMPDIR/rule.txt"; fail "the stubs test rule fails on v1"; }

[[ "$(cat handlers/* other/* | md5sum)" == "$before" ]] || fail "--check changed a file"
echo "stubcheck_test: ok"
