#!/usr/bin/env bash
# Self-test of the notebook runner and the browser check: they must FAIL on
# the deliberately broken notebooks in notebooks/testdata/ and name exactly the
# broken cells (with the compiler's / runtime's message) and the blank charts.
# Prints "selftest: N passed, M failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect() { # expect DESCRIPTION REGEX (against $out)
  if grep -qE -- "$2" <<<"$out"; then ok "$1"; else bad "$1: no line matching /$2/ in:"; awk '{print "    | " $0}' <<<"$out" | head -40; fi
}
reject() {
  if grep -qE -- "$2" <<<"$out"; then bad "$1: unexpected /$2/"; else ok "$1"; fi
}

nbout=$(mktemp -d)
out=$(NB_OUT=$nbout scripts/run-notebooks.sh notebooks/testdata/broken.ipynb 2>&1)
rc=$?
# nbstrip (the git clean filter ./lab sets up): the executed notebook strips back
# to the stripped source, so running a notebook leaves git status clean.
if cmp -s <(/usr/bin/python3 scripts/nbstrip.py <"$nbout/broken.ipynb") <(/usr/bin/python3 scripts/nbstrip.py <notebooks/testdata/broken.ipynb); then
  ok "nbstrip: executed broken.ipynb strips back to its source"
else bad "nbstrip: executed broken.ipynb differs from its source after stripping"; fi
rm -rf "$nbout"
if [ "$rc" -ne 0 ]; then ok "runner exits non-zero on broken.ipynb"; else bad "runner passed broken.ipynb"; fi
expect "compile error cell named" 'FAIL notebooks/testdata/broken.ipynb cell 3 \(undefinedThing\(\)\): error output'
expect "compile error: compiler message" 'undefined: undefinedThing'
expect "panic cell named" 'FAIL notebooks/testdata/broken.ipynb cell 4 \(s := '
expect "panic message" 'panic: runtime error: index out of range \[3\] with length 3'
expect "log.Fatal cell named" 'FAIL notebooks/testdata/broken.ipynb cell 5 \(log.Fatal'
expect "failing %test cell named" 'FAIL notebooks/testdata/broken.ipynb cell 6 \(%test\)'
expect "failing %test message" '1\+1 = 2, want 3 \(deliberate\)'
expect "plotting error cell named" 'FAIL notebooks/testdata/broken.ipynb cell 9 \(// the returned error is ignored.*\): plotting error'
expect "plotting error message" '"bad": series 0 \(""\) has 2 x values and 1 y values'
reject "good cells not reported" 'cell [278] '
expect "summary line" '^notebooks: 0 passed, 1 failed'

out=$(/usr/bin/python3 scripts/nbcheck.py notebooks/testdata/unexecuted.ipynb 2>&1)
rc=$?
if [ "$rc" -ne 0 ]; then ok "nbcheck exits non-zero on an unexecuted cell"; else bad "nbcheck passed unexecuted.ipynb"; fi
expect "unexecuted cell named" 'cell 2 \(fmt.Println\("never ran"\)\): not executed'
reject "stderr warning with exit 0 is not a failure" 'cell [13] '

# browser FIXTURE WHAT: the browser check on a fixture must fail (it names WHAT); sets $out.
browser() {
  local site rc
  site=$(mktemp -d)
  out=$(/usr/bin/python3 scripts/browsercheck.py --out "$site" "notebooks/testdata/$1" 2>&1)
  rc=$?
  rm -rf "$site"
  if [ "$rc" -ne 0 ]; then ok "browser check exits non-zero on $2"; else bad "browser check passed $1 ($2)"; fi
}

browser browser_fixture.ipynb "blank charts"
expect "browser: good chart passes" '^    chart 0 .* series pixels, ok$'
expect "browser: chart without data fails" '^    chart 1 .*FAILED: only [0-9]+ series-coloured pixels'
expect "browser: RequireJS branch draws the two loadable charts" 'RequireJS \(file://\): 2 of 3 charts drawn'
expect "browser: unreachable echarts fails" '^    chart 2 .*FAILED: loader did not draw: echarts.min.js could not be loaded'

browser unexecuted.ipynb "a notebook that did not execute fully"
expect "browser: unexecuted cell named" '^FAIL unexecuted.ipynb: 0 charts'
expect "browser: why it failed" 'notebook cell 2 \(fmt.Println\("never ran"\)\): not executed'

echo "selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
