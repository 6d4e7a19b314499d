#!/usr/bin/env bash
# avx-events compat as CI calls it: exit codes, formats, directories, transitive modes, git, baselines.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="${TEST_TMPDIR}/compat-cli"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # expect_exit CODE COMMAND...
  local want=$1; shift
  "$@" > out.txt 2> err.txt; local got=$?
  [[ $got -eq $want ]] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}

mkdir -p v1 v2 v3
cat > v1/orders.yaml <<'YAML'
package: shop.orders
enums:
  Currency: [USD, EUR]
events:
  OrderPlaced:
    fields:
      order_id: string
      amount: int64
YAML
cat > v1/billing.yaml <<'YAML'
package: shop.billing
events:
  InvoiceSent:
    fields:
      invoice_id: string
YAML
# v2: an enum value appended (forward-breaking), billing removed, a new file added.
sed 's/\[USD, EUR\]/[USD, EUR, BRL]/' v1/orders.yaml > v2/orders.yaml
cat > v2/shipping.yaml <<'YAML'
package: shop.shipping
events:
  Shipped:
    fields:
      order_id: string
YAML
# v3: also an optional field appended (compatible with v2).
cp v2/shipping.yaml v3/shipping.yaml
sed 's/      amount: int64/      amount: int64\n      note: {type: string, optional: true}/' v2/orders.yaml > v3/orders.yaml

"$tool" compat --help | grep -q -- "--against-git" || fail "compat --help does not mention --against-git"
expect_exit 0 "$tool" compat --against v1 v1
grep -q "compatible under backward" err.txt || fail "no summary line"

# Directories: billing.yaml removed (MESSAGE_REMOVED at the old position), shipping.yaml added (fine).
expect_exit 1 "$tool" compat --against v1 v2
grep -q "^v1/billing.yaml:3:3: error \[MESSAGE_REMOVED\] event shop.billing.InvoiceSent was removed" out.txt || { cat out.txt; fail "removal not reported"; }
grep -q "ENUM_VALUE_ADDED" out.txt && fail "ENUM_VALUE_ADDED does not break backward"
expect_exit 1 "$tool" compat --against v1 v2 --mode forward
grep -q "^v2/orders.yaml:3:24: error \[ENUM_VALUE_ADDED\]" out.txt || { cat out.txt; fail "enum addition not reported under forward"; }
expect_exit 0 "$tool" compat --against v2 v3 --mode full
expect_exit 0 "$tool" compat --against v1 v2 --mode none

# Transitive: v3 against v1 and v2 finds v1's removal; plain full compares with v2 only.
expect_exit 0 "$tool" compat --against v1 --against v2 v3 --mode full
expect_exit 1 "$tool" compat --against v1 --against v2 v3 --mode full_transitive
grep -q "(against v1)" out.txt || fail "transitive findings should name the baseline"

# Formats.
expect_exit 1 "$tool" compat --against v1 v2 --format github
grep -q "^::error file=v1/billing.yaml,line=3,col=3,title=MESSAGE_REMOVED::" out.txt || { cat out.txt; fail "github format"; }
expect_exit 1 "$tool" compat --against v1 v2 --format json
grep -q '"compatible": false' out.txt || fail "json: compatible"
grep -q '"rule": "ENUM_VALUE_ADDED"' out.txt || fail "json lists non-breaking findings too"
grep -q '"breaking": 1' out.txt || fail "json: breaking count"

# Usage and schema errors exit 2.
expect_exit 2 "$tool" compat v1
expect_exit 2 "$tool" compat --against v1 v2 --mode sideways
expect_exit 2 "$tool" compat --against v1 v2 --format xml
printf 'package: bad\nevents:\n  E: {fields: {x: Nope}}\n' > bad.yaml
expect_exit 2 "$tool" compat --against v1 bad.yaml
grep -q "bad.yaml:3:19: error: unknown type 'Nope'" err.txt || { cat err.txt; fail "schema error not positioned"; }

# Comparing with nothing, or comparing nothing, would pass every change: a usage error.
mkdir -p empty
expect_exit 2 "$tool" compat --against empty v1
grep -q "^empty:1:1: error: no schema files" err.txt || { cat err.txt; fail "empty --against not named"; }
expect_exit 2 "$tool" compat --against v1 empty
expect_exit 2 "$tool" compat --against v1 no-such-dir

# Baselines: written, then compared against.
expect_exit 0 "$tool" compat --write-baseline base v1/orders.yaml
[[ -f base/v1/orders.yaml ]] || fail "baseline not written"
expect_exit 0 "$tool" compat --against base v3/orders.yaml

# --against-git: OLD from a commit of the same paths.
if command -v git > /dev/null; then
  mkdir repo && cd repo && git init -q && cp ../v1/orders.yaml orders.yaml
  git add orders.yaml && git -c user.email=ci@example.invalid -c user.name=ci commit -qm v1
  printf 'package: shop.orders\nenums:\n  Currency: [EUR]\n' > orders.yaml
  expect_exit 1 "$tool" compat --against-git HEAD orders.yaml
  grep -q "^HEAD:orders.yaml:[0-9]*:[0-9]*: error \[MESSAGE_REMOVED\]" out.txt || { cat out.txt; fail "git removal"; }
  grep -q "\[ENUM_VALUE_REMOVED\]" out.txt || fail "git enum removal"
  expect_exit 2 "$tool" compat --against-git no-such-ref orders.yaml
  expect_exit 2 "$tool" compat --against-git --upload-pack=x orders.yaml
  # From a subdirectory, the same files are compared (git archive alone would see only the subdirectory).
  mkdir -p schemas/deep && cp ../v1/orders.yaml schemas/orders.yaml
  git add schemas && git -c user.email=ci@example.invalid -c user.name=ci commit -qm schemas
  sed -i 's/\[USD, EUR\]/[USD]/' schemas/orders.yaml
  (cd schemas && expect_exit 1 "$tool" compat --against-git HEAD orders.yaml) || exit 1
  grep -q "^HEAD:schemas/orders.yaml:[0-9]*:[0-9]*: error \[ENUM_VALUE_REMOVED\]" schemas/out.txt || { cat schemas/out.txt schemas/err.txt; fail "git from a subdirectory"; }
  (cd schemas/deep && expect_exit 1 "$tool" compat --against-git HEAD ..) || exit 1
  (cd schemas/deep && expect_exit 1 "$tool" compat --against-git HEAD "$(pwd)/../orders.yaml") || exit 1
  # A path the revision does not have at all has nothing to compare with.
  printf 'package: shop.fresh\n' > fresh.yaml
  expect_exit 2 "$tool" compat --against-git HEAD fresh.yaml
  grep -q "nothing to compare with" err.txt || { cat err.txt; fail "git with no baseline"; }
  cd ..
fi
echo "compat cli_test: ok"
