#!/bin/sh
# Side-by-side benchmark of ngnmm's integrators against SciPy's solve_ivp on
# the MPR 2015 Fig. 2 pulse protocol (T = 100). Run from anywhere:
#   sh bench/ode/run.sh
# Needs Go and Debian's python3-scipy (/usr/bin/python3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)/odebench
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$here" && go build -o "$bin" .)
/usr/bin/python3 "$here/scipy_bench.py" "$bin"
