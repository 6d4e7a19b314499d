#!/usr/bin/env bash
# avx-events stubs: writes compiling stubs once, never overwrites user code, and names handlers a
# grown schema adds (exit 1) so CI catches them.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="${TEST_TMPDIR}/stubs"
mkdir -p "$work/schemas" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$tool" stubs --help | grep -q -- "--out" || fail "stubs --help does not mention --out"

cat > schemas/shop.yaml <<'YAML'
package: demo.shop
commands:
  Ship: {fields: {parcel: string}}
queries:
  Track: {fields: {parcel: string}, returns: string}
YAML
"$tool" stubs --out src schemas/shop.yaml > out.txt || fail "first run exited $?"
grep -q "wrote src/shop.stubs.h" out.txt || fail "header not reported"
grep -q "class ShipHandlerImpl final : public ShipHandler" src/shop.stubs.h || fail "no Ship stub"
grep -q "class TrackHandlerImpl final : public TrackHandler" src/shop.stubs.h || fail "no Track stub"
grep -q '#include "src/shop.stubs.h"' src/shop.stubs.cc || fail "source does not include its header by root path"
grep -q "kUnimplemented" src/shop.stubs.cc || fail "stubs do not return kUnimplemented"

# The user fills in a handler: a second run keeps every byte.
sed -i 's/is not implemented yet/shipped by hand/' src/shop.stubs.cc
echo "// my notes" >> src/shop.stubs.h
cp src/shop.stubs.h h.before && cp src/shop.stubs.cc cc.before
"$tool" stubs --out src schemas/shop.yaml > out.txt 2> err.txt || fail "an up-to-date stub file should exit 0"
grep -q "every handler of demo.shop is there; not rewritten" out.txt || fail "no up-to-date note"
cmp -s h.before src/shop.stubs.h && cmp -s cc.before src/shop.stubs.cc || fail "user code was overwritten"

# The schema grows: the tool names what is missing, exits 1, and still writes nothing.
cat >> schemas/shop.yaml <<'YAML'
  Quote: {fields: {parcel: string}, returns: int64}
YAML
sed -i 's/^commands:/commands:\n  Cancel: {fields: {parcel: string}}/' schemas/shop.yaml
"$tool" stubs --out src schemas/shop.yaml > out.txt 2> err.txt; status=$?
[[ $status -eq 1 ]] || { cat err.txt; fail "missing handlers should exit 1, got $status"; }
grep -qF 'src/shop.stubs.h: error: lacks 2 handlers of demo.shop (not rewritten; `avx-events stubs --sync` adds them): CancelHandler QuoteHandler' err.txt \
  || { cat err.txt; fail "missing handlers not named"; }
cmp -s h.before src/shop.stubs.h && cmp -s cc.before src/shop.stubs.cc || fail "user code was touched"

# Stubs written outside the root include their header by name: no absolute path of this machine.
"$tool" stubs --out "$TEST_TMPDIR/outside" schemas/shop.yaml > /dev/null || fail "stubs outside the root exited $?"
grep -q '#include "shop.stubs.h"' "$TEST_TMPDIR/outside/shop.stubs.cc" || fail "outside the root: include by name"
if grep -l "$TEST_TMPDIR" "$TEST_TMPDIR"/outside/*; then fail "an absolute path is in the stubs"; fi
# A schema error writes nothing and exits 2.
echo "  Bad: {fields: {x: Nope}}" >> schemas/shop.yaml
"$tool" stubs --out other schemas/shop.yaml 2> err.txt; [[ $? -eq 2 ]] || fail "schema error should exit 2"
[[ ! -e other ]] || fail "files written despite a schema error"
echo PASS
