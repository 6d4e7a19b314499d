#!/usr/bin/env bash
# Every ```cpp snippet of README.md and docs/*.md is preceded by a marker saying where it is
# compiled: `<!-- compiled in: FILE -->` (a file of the build) or `<!-- generated from: SCHEMA -->`
# (what avx-events generates for it). The snippet's lines (trimmed; blank lines and `// ...`
# ellipses skipped) must appear in that file in the same order, so a snippet cannot drift from
# code that compiles and runs.
set -uo pipefail
tool="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
fail() { echo "FAIL: $*" >&2; exit 1; }
work="${TEST_TMPDIR}/snippets"
mkdir -p "$work"

trim() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//'; }

# check SNIPPET_FILE TARGET_FILE WHERE
check() {
  local snippet=$1 target=$2 where=$3
  trim < "$target" > "$work/target"
  local line_no=0
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == "// ..."* ]] && continue
    local found
    found=$(tail -n +$((line_no + 1)) "$work/target" | grep -n -x -F -- "$line" | head -1 | cut -d: -f1)
    [[ -n "$found" ]] || fail "$where: this line is not in $target (after line $line_no): $line"
    line_no=$((line_no + found))
  done < <(trim < "$snippet")
}

docs=()
for arg in "$@"; do
  if [[ -d "$arg" ]]; then docs+=("$arg"/*.md); else docs+=("$arg"); fi
done
snippets=0
for doc in "${docs[@]}"; do
  marker="" in_block=0 n=0 start=0
  while IFS= read -r text || [[ -n "$text" ]]; do
    n=$((n + 1))
    if [[ $in_block -eq 1 ]]; then
      if [[ "$text" == '```' ]]; then
        in_block=0
        snippets=$((snippets + 1))
        case "$marker" in
          "compiled in: "*) check "$work/block" "${marker#compiled in: }" "$doc:$start" ;;
          "generated from: "*)
            schema=${marker#generated from: }
            rm -rf "$work/gen" && "$tool" generate --out "$work/gen" "$schema" || fail "$doc:$start: cannot generate $schema"
            check "$work/block" "$work/gen/${schema%.yaml}.avx.h" "$doc:$start" ;;
          *) fail "$doc:$start: a cpp snippet without a <!-- compiled in: FILE --> marker" ;;
        esac
        marker=""
      else
        printf '%s\n' "$text" >> "$work/block"
      fi
    elif [[ "$text" == '```cpp' ]]; then
      in_block=1 start=$n
      : > "$work/block"
    elif [[ "$text" =~ ^\<!--\ (.*)\ --\>$ ]]; then
      marker=${BASH_REMATCH[1]}
    elif [[ -n "$text" ]]; then
      marker=""  # a marker belongs to the snippet right after it
    fi
  done < "$doc"
done
[[ $snippets -gt 0 ]] || fail "no snippet found: the documents went missing"
echo "$snippets snippets checked"
