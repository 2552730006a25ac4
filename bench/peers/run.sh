#!/bin/sh
# One command for the peer benchmark of issue 20 (README's speed table):
#   bench/peers/run.sh [--quick] [--reps 3] [--tvb DIR] [--out DIR]
# Finds (or installs, with apt-get as root) Brian2 (Debian python3-brian), SciPy
# and TVB's Python dependencies; runs TVB from the source folder DIR (a copy of
# the-virtual-brain/tvb-root OUTSIDE this repository; also $TVB_SRC; skipped
# with a message when absent — never commit TVB code); runs every workload
# interleaved (ours, peer, …) --reps times; writes results.md, results.json and
# cost.png/.svg/.pdf into --out (default /tmp/ngnmm-peers). Run it on a QUIET machine:
# the numbers are wall times. --quick runs tiny sizes (a check of the script).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
quick= reps=3 tvb=${TVB_SRC:-} out=/tmp/ngnmm-peers
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=--quick ;;
	--reps) reps=$2; shift ;;
	--tvb) tvb=$2; shift ;;
	--out) out=$2; shift ;;
	*) echo "run.sh: unknown argument $1 (want --quick, --reps N, --tvb DIR, --out DIR)" >&2; exit 2 ;;
	esac
	shift
done
case $reps in ''|*[!0-9]*|0) echo "run.sh: --reps $reps: want a whole number ≥ 1" >&2; exit 2 ;; esac
data=${NGNMM_DATA:-/work/shared/data}
[ -d "$data" ] || { echo "run.sh: data folder $data not found (set NGNMM_DATA)" >&2; exit 2; }
py=/usr/bin/python3
need() { # module debian-package
	if ! $py -c "import $1" 2>/dev/null; then
		if [ "$(id -u)" = 0 ]; then apt-get install -y -q "$2" >/dev/null || { echo "run.sh: apt-get install $2 failed" >&2; exit 1; }
		else echo "run.sh: Python module $1 missing: apt-get install $2" >&2; exit 1; fi
	fi
}
need numpy python3-numpy
need scipy python3-scipy
need brian2 python3-brian
if [ -n "$tvb" ]; then
	if [ -d "$tvb/tvb_library" ]; then
		case $(cd "$tvb" && pwd)/ in "$root"/*) echo "run.sh: the TVB folder must be outside the repository" >&2; exit 2 ;; esac
		need deprecated python3-deprecated; need mako python3-mako; need numba python3-numba; need autopep8 python3-autopep8
	else
		echo "TVB: $tvb has no tvb_library: TVB workloads skipped"; tvb=
	fi
else
	echo "TVB: no source folder given (--tvb DIR or TVB_SRC): TVB workloads skipped"
fi
mkdir -p "$out"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/ngnmm" ./cmd/ngnmm && go build -o "$bin/tvbbench" ./bench/tvb && go build -o "$bin/costplot" ./bench/peers/costplot)
NGNMM_DATA=$data $py "$here/peers.py" --ngnmm "$bin/ngnmm" --tvbbench "$bin/tvbbench" --tvb "$tvb" --data "$data" \
	--reps "$reps" $quick --out "$out"
"$bin/costplot" "$out/results.json" "$out/cost.png"
echo "wrote $out/results.md, $out/results.json, $out/cost.png (.svg, .pdf)"
