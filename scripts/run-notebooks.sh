#!/usr/bin/env bash
# Execute notebooks headlessly with the GoNB kernel (jupyter nbconvert) and fail
# if any code cell failed: compile errors, panics, log.Fatal / non-zero exits,
# failing %test cells, error outputs, unexecuted cells (scripts/nbcheck.py).
# Failures name the notebook, the cell and the compiler's / runtime's message.
#
# Usage: scripts/run-notebooks.sh [NOTEBOOK.ipynb | DIR]...   (default: notebooks)
#   Directories are searched recursively, skipping testdata/ and .ipynb_checkpoints/.
# Env:
#   NGNMM_QUICK   1 = notebooks use their quick parameters (plotting.Pick); make test sets 1.
#                 The runner itself does not change it: unset = the paper's full settings.
#   NB_TIMEOUT    per-cell timeout in seconds (default 600)
#   NB_OUT        keep executed notebooks in this directory (default: a temporary one, removed)
#   NGNMM_ECHARTS_ASSETS  echarts asset host baked into chart outputs (see plotting)
# Output: one PASS/FAIL line per notebook with its wall time, then
#   "notebooks: N passed, M failed". Exit status 0 only if all passed and N > 0.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
export GOTOOLCHAIN=local PYDEVD_DISABLE_FILE_VALIDATION=1 # debugpy warning of Debian's ipykernel
export PATH="/usr/local/go/bin:$PATH"
gopath=$(go env GOPATH) || exit 2
export PATH="$gopath/bin:$PATH"
die() { echo "run-notebooks: $*"; echo "notebooks: 0 passed, 1 failed"; exit 2; }
command -v jupyter >/dev/null || die "jupyter not found (docker/install.sh)"
jupyter kernelspec list 2>/dev/null | grep -E '^\s+gonb\s' >/dev/null || die "gonb kernel not installed (docker/install.sh)"
command -v goimports >/dev/null || die "goimports not in PATH (docker/install.sh)"

[ $# -gt 0 ] || set -- notebooks
nbs=()
for a in "$@"; do
  if [ -d "$a" ]; then
    while IFS= read -r -d '' f; do nbs+=("$f"); done < <(find "$a" -name '*.ipynb' \
      -not -path '*/.ipynb_checkpoints/*' -not -path '*/testdata/*' -print0 | sort -z)
  elif [ -f "$a" ]; then
    nbs+=("$a")
  else
    die "no such notebook or directory: $a"
  fi
done
[ ${#nbs[@]} -gt 0 ] || die "no notebooks in $*"

out=${NB_OUT:-$(mktemp -d)}
mkdir -p "$out"
timeout=${NB_TIMEOUT:-600}
pass=0 fail=0 t_all=$SECONDS
echo "notebooks: ${#nbs[@]} to run (NGNMM_QUICK=${NGNMM_QUICK:-unset}, cell timeout ${timeout}s)"
for nb in "${nbs[@]}"; do
  name=$(basename "$nb" .ipynb)
  t0=$SECONDS
  # --allow-errors: always write the executed notebook, then judge it with nbcheck.
  if timeout $((timeout * 3 + 300)) jupyter nbconvert --to notebook --execute --allow-errors \
    --ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout="$timeout" \
    "$nb" --output-dir "$out" --output "$name" >"$out/$name.log" 2>&1 &&
    /usr/bin/python3 scripts/nbcheck.py --name "$nb" "$out/$name.ipynb" >"$out/$name.check" 2>&1; then
    pass=$((pass + 1))
    printf 'PASS %-45s %4ds\n' "$nb" $((SECONDS - t0))
  else
    fail=$((fail + 1))
    printf 'FAIL %-45s %4ds\n' "$nb" $((SECONDS - t0))
    if [ -s "$out/$name.check" ]; then
      sed -n 1,80p "$out/$name.check"
    else # nbconvert itself failed (timeout, kernel died, bad JSON)
      grep -v -E '^[IWE][0-9]{4} ' "$out/$name.log" | tail -25 | sed 's/^/    /'
    fi
  fi
done
[ -n "${NB_OUT:-}" ] || rm -rf "$out"
echo "notebooks: $pass passed, $fail failed ($((SECONDS - t_all))s)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
