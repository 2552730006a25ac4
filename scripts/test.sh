#!/usr/bin/env bash
# `./test` / `make test`: every check of the project, with a per-step time and
# a final summary line "N passed, M failed, K skipped" (passed/failed: one unit
# per Go package, per notebook, per browser-checked notebook, and per
# lint/self-test step; skipped: Go tests and subtests that called t.Skip, e.g.
# for missing data or NGNMM_LONG, listed by reason in the go test step). Without
# the connectomes one line before the summary says how to get them.
# Usage: scripts/test.sh [STEP...]   steps: vet go tools slurm lint selftest notebooks browser
#                                    (default: all, in that order)
# Env:   NGNMM_QUICK (default 1 here: notebooks' quick settings), NB_TIMEOUT,
#        GO_TEST_TIMEOUT (default 20m), GO_TEST_FLAGS (extra flags for go test),
#        TEST_OUT (keep executed notebooks, HTML and screenshots there; default: temporary)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
repo=$(pwd)
export GOTOOLCHAIN=local PYDEVD_DISABLE_FILE_VALIDATION=1 PATH="/usr/local/go/bin:$PATH"
PATH="$(go env GOPATH)/bin:$PATH"
export PATH
export NGNMM_QUICK=${NGNMM_QUICK-1}
[ $# -gt 0 ] || set -- vet go tools slurm lint selftest notebooks browser
work=${TEST_OUT:-$(mktemp -d)}
mkdir -p "$work"
pass=0 fail=0 skip=0 dataskip=0 t_all=$SECONDS
declare -a summary=()

note() { summary+=("$(printf '%-10s %-40s %5ds' "$1" "$2" "$3")"); }
step() { echo; echo "=== $* ==="; }

# gotest DIR: count one unit per package with tests, and the skipped tests
# (go test -json, summarised by scripts/gotest-report.py).
gotest() {
  local dir=$1 log rc p f k d t0=$SECONDS
  log="$work/gotest.$(basename "$dir").log"
  # shellcheck disable=SC2086
  (cd "$dir" && go test -json -timeout "${GO_TEST_TIMEOUT:-20m}" ${GO_TEST_FLAGS:-} ./... 2>&1) |
    /usr/bin/python3 "$repo/scripts/gotest-report.py" | tee "$log"
  rc=${PIPESTATUS[0]}
  read -r p f k d < <(sed -nE 's/^gotest: ([0-9]+) packages ok, ([0-9]+) failed, ([0-9]+) tests skipped \(([0-9]+) .*/\1 \2 \3 \4/p' "$log" | tail -1)
  p=${p:-0} f=${f:-1} k=${k:-0} d=${d:-0}
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
  pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + k)) dataskip=$((dataskip + d))
  note "go test" "$dir: $p packages ok, $f failed, $k tests skipped" $((SECONDS - t0))
}

for s in "$@"; do
  t0=$SECONDS
  case $s in
    vet)
      step "go vet ./..."
      if go vet ./...; then pass=$((pass + 1)); r=ok; else fail=$((fail + 1)); r=FAILED; fi
      gofmt_out=$(gofmt -l .)
      if [ -z "$gofmt_out" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); r="$r, gofmt: $gofmt_out"; echo "gofmt -l: $gofmt_out"; fi
      note vet "go vet + gofmt: $r" $((SECONDS - t0))
      ;;
    go)
      step "go test ./..."
      gotest .
      ;;
    tools)
      for d in tools/*/; do
        [ -f "$d/go.mod" ] || continue
        step "go test in ${d%/} (separate module)"
        gotest "${d%/}"
      done
      ;;
    slurm)
      step "SLURM job array on a throw-away local cluster (scripts/slurm-test.sh)"
      scripts/slurm-test.sh
      case $? in
        0) pass=$((pass + 1)) r=ok ;;
        77) skip=$((skip + 1)) r="SKIPPED (see above)" ;;
        *) fail=$((fail + 1)) r=FAILED ;;
      esac
      note slurm "4-task msf map array, kill + resume, 3-task lesion scan: $r" $((SECONDS - t0))
      ;;
    lint)
      step "shellcheck"
      mapfile -t sh < <(ls lab test docker/*.sh scripts/*.sh .ci/run 2>/dev/null)
      if shellcheck "${sh[@]}"; then pass=$((pass + 1)); r=ok; else fail=$((fail + 1)); r=FAILED; fi
      note shellcheck "${#sh[@]} scripts: $r" $((SECONDS - t0))
      if /usr/bin/python3 scripts/gotest-report.py --self-test; then pass=$((pass + 1)); r=ok; else fail=$((fail + 1)); r=FAILED; fi
      note report "go test -json summary self-test: $r" 0
      if /usr/bin/python3 scripts/nbstrip.py --check notebooks/*.ipynb; then pass=$((pass + 1)); r=ok; else fail=$((fail + 1)); r=FAILED; fi
      note nbstrip "notebooks committed without outputs (make strip): $r" 0
      ;;
    selftest)
      step "notebook runner self-test (notebooks/testdata must fail)"
      if scripts/selftest.sh; then pass=$((pass + 1)); r=ok; else fail=$((fail + 1)); r=FAILED; fi
      note selftest "runner catches broken notebooks: $r" $((SECONDS - t0))
      ;;
    notebooks)
      step "notebooks (NGNMM_QUICK=$NGNMM_QUICK)"
      mkdir -p "$work/executed"
      NB_OUT="$work/executed" NGNMM_ECHARTS_ASSETS=assets/ scripts/run-notebooks.sh notebooks | tee "$work/notebooks.log"
      read -r p f < <(sed -nE 's/^notebooks: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' "$work/notebooks.log" | tail -1)
      p=${p:-0} f=${f:-1}
      [ "$p" -gt 0 ] || [ "$f" -gt 0 ] || f=1
      pass=$((pass + p)) fail=$((fail + f))
      note notebooks "$p passed, $f failed" $((SECONDS - t0))
      /usr/bin/python3 scripts/contact-sheet.py notebooks/figures "$work/contact-sheet.png" || true # all saved figures at a glance (issue 14)
      ;;
    browser)
      step "browser check: every echarts chart drew (headless chromium, offline assets)"
      if ! ls "$work"/executed/*.ipynb >/dev/null 2>&1; then
        echo "browser: no executed notebooks in $work/executed (run the notebooks step first)"
        fail=$((fail + 1)); note browser "no executed notebooks" 0; continue
      fi
      /usr/bin/python3 scripts/browsercheck.py --out "$work/site" "$work"/executed/*.ipynb | tee "$work/browser.log"
      rc=${PIPESTATUS[0]}
      p=$(grep -c '^PASS ' "$work/browser.log") f=$(grep -c '^FAIL ' "$work/browser.log")
      [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
      pass=$((pass + p)) fail=$((fail + f))
      note browser "$p pages passed, $f failed" $((SECONDS - t0))
      ;;
    *) echo "test.sh: unknown step $s"; fail=$((fail + 1)) ;;
  esac
done
datafail=$(grep -c 'ngnmm data fetch' "$work/notebooks.log" 2>/dev/null || true)
[ -n "${TEST_OUT:-}" ] || rm -rf "$work"
echo
echo "=== summary ($((SECONDS - t_all))s) ==="
printf '%s\n' "${summary[@]}"
if [ "$dataskip" -gt 0 ] || [ "${datafail:-0}" -gt 0 ]; then
  nbs=""
  [ "${datafail:-0}" -eq 0 ] || nbs=" and notebooks failed"
  echo "data: $dataskip tests skipped$nbs without the connectomes: set NGNMM_DATA to a folder holding them, or fetch them once online with 'go run ./cmd/ngnmm data fetch NAME' (NAMEs: 'go run ./cmd/ngnmm data list'), then run again"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
