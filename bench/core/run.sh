#!/bin/bash
# Side-by-side speed comparison of two revisions of ngnmm on the core cases of
# issue 13 (the numerical kernels): builds the CLI of both revisions into
# temporary directories (git worktree add --detach), runs every case of both
# interleaved (before/after alternate, the order flips every repetition),
# REPS times each (default 3), and prints a Markdown table of the medians of
# CPU time (user+system, of the process and its children) and wall time,
# with the load average (1 min) seen before each run.
#
#   NGNMM_DATA=/work/shared/data bench/core/run.sh REV_BEFORE REV_AFTER [CASE…]
#
# Cases (the CLI is the public contract, so the same command line runs on
# both revisions):
#   ei90     network simulate: 90-region E–I on AAL-90 (row-normalised,
#            IE = 15, ε = 9), RK4, dt = 0.01 ms, 1 s, no delays
#   mpr76    network simulate: MPR on TVB-76 (weights/max, G = 0.01), Heun,
#            dt = 0.01 ms, 1 s, 3 mm/ms delays
#   mpr998   as mpr76 on TVB-998
#   msf      one dispersion relation: msf --IE 12 --eps 8 (AAL-90; cycle
#            search, refinement and all 90 modes)
#   msfmap   a 20×20 (I_ext^E, ε) MSF map on one worker
#   eibif    the E–I bifurcation diagram: ei continuation --param IE 0…20 at
#            ε = 8 (equilibria, Hopf points, periodic branches)
#
# Only meaningful on a quiet machine: it refuses to start when the 1-minute
# load average exceeds LOADMAX (default 1.5; set LOADMAX=99 to force).
# Environment: REPS (default 3), LOADMAX, NGNMM_DATA (required).
set -euo pipefail
if [ $# -lt 2 ]; then
	sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
before=$1 after=$2
shift 2
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(ei90 mpr76 mpr998 msf msfmap eibif)
reps=${REPS:-3}
loadmax=${LOADMAX:-1.5}
: "${NGNMM_DATA:?set NGNMM_DATA to the data directory (e.g. /work/shared/data)}"
export NGNMM_DATA
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
tmp=$(mktemp -d)
cleanup() {
	for r in before after; do
		[ -d "$tmp/src-$r" ] && git -C "$repo" worktree remove --force "$tmp/src-$r" >/dev/null 2>&1 || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

load1() { cut -d' ' -f1 /proc/loadavg; }
if awk -v l="$(load1)" -v m="$loadmax" 'BEGIN{exit !(l > m)}'; then
	echo "load average $(load1) > LOADMAX=$loadmax: not measuring on a loaded machine" >&2
	exit 1
fi

for r in before after; do
	rev=${!r}
	git -C "$repo" worktree add --detach "$tmp/src-$r" "$rev" >/dev/null 2>&1
	(cd "$tmp/src-$r" && go build -o "$tmp/ngnmm-$r" ./cmd/ngnmm)
	git -C "$repo" worktree remove --force "$tmp/src-$r"
done

# args CASE prints the command line of a case (after the binary).
args() {
	case $1 in
	ei90) echo network simulate --model ei --connectome aal90 --IE 15 --eps 9 --method rk4 --dt 0.01 --T 1000 --transient 0 ;;
	mpr76) echo network simulate --model mpr --connectome tvb76 --eps 0.01 --method heun --dt 0.01 --speed 3 --T 1000 --transient 0 ;;
	mpr998) echo network simulate --model mpr --connectome tvb998 --eps 0.01 --method heun --dt 0.01 --speed 3 --T 1000 --transient 0 ;;
	msf) echo msf --IE 12 --eps 8 --connectome aal90 ;;
	msfmap) echo msf map --IE 5:20:20 --eps 0:15:20 --workers 1 --connectome aal90 --out "$tmp/map.jsonl" ;;
	eibif) echo ei continuation --param IE --from 0 --to 20 --eps 8 ;;
	*)
		echo "unknown case $1" >&2
		exit 2
		;;
	esac
}

# measure WHICH CASE appends "cpu wall load" to $tmp/WHICH-CASE.
measure() {
	local bin=$tmp/ngnmm-$1 l
	rm -f "$tmp/map.jsonl"
	l=$(load1)
	# shellcheck disable=SC2046
	/usr/bin/time -f '%U %S %e' -o "$tmp/time" "$bin" $(args "$2") >/dev/null 2>"$tmp/err" || {
		echo "$1 ($2) failed:" >&2
		cat "$tmp/err" >&2
		exit 1
	}
	awk -v l="$l" '{printf "%.3f %.3f %s\n", $1+$2, $3, l}' "$tmp/time" >>"$tmp/$1-$2"
}

for ((i = 0; i < reps; i++)); do
	for c in "${cases[@]}"; do
		if ((i % 2 == 0)); then
			measure before "$c"
			measure after "$c"
		else
			measure after "$c"
			measure before "$c"
		fi
	done
done

median() { sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { awk -v c="$2" '{print $c}' "$tmp/$1"; }

echo "Before: $(git -C "$repo" rev-parse --short "$before")  after: $(git -C "$repo" rev-parse --short "$after")  ($reps runs each, interleaved; medians; $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ))"
echo
echo "| case | CPU before (s) | CPU after (s) | after/before | wall before (s) | wall after (s) | load avg (min–max) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
for c in "${cases[@]}"; do
	cb=$(col "before-$c" 1 | median) ca=$(col "after-$c" 1 | median)
	wb=$(col "before-$c" 2 | median) wa=$(col "after-$c" 2 | median)
	ld=$(cat "$tmp/before-$c" "$tmp/after-$c" | awk '{print $3}' | sort -g | awk 'NR==1{lo=$1} {hi=$1} END{print lo "–" hi}')
	ratio=$(awk -v a="$ca" -v b="$cb" 'BEGIN{printf (b > 0 ? "%.3f" : "–"), a/b}')
	echo "| $c | $cb | $ca | $ratio | $wb | $wa | $ld |"
done
