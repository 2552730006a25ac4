#!/usr/bin/env bash
# The measurement of issue 17 (docs/cluster.md "Measured"): a 100×100 'msf map'
# and a 90-lesion 'lesion scan' on aal90, each as a single process (--workers 1
# and --workers = the node's CPUs) and as an 8-shard job array through the
# script printed by 'ngnmm slurm' on a throw-away local SLURM (scripts/
# slurm-cluster.sh) whose node has CPUS CPUs (default 2). Prints wall time,
# CPU time (user+sys of the children) and 'uptime' before and after every run,
# and checks that every merged file equals the single-process file byte for
# byte. Not part of make test (minutes of CPU). Usage: scripts/slurm-measure.sh [CPUS]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
export GOTOOLCHAIN=local PATH="/usr/local/go/bin:/usr/sbin:/sbin:$PATH"
. scripts/slurm-cluster.sh
cpus=${1:-2}
cluster_init
go build -o "$d/ngnmm" ./cmd/ngnmm || fail "go build"
ng="$d/ngnmm"
w="$d/work"
cluster_start "$cpus"

# CPU seconds (user + sys) of the finished children of this shell; the array
# tasks run under slurmd, so they go through a wrapper that appends theirs to $d/cpu.log
secs() { awk '{ s = 0; for (i = 1; i <= NF; i++) { split($i, a, "m"); sub("s", "", a[2]); s += a[1] * 60 + a[2] } print s }'; }
# (times must run in this shell, not in a pipe or $(...): a subshell has no children)
cputime() { times >"$d/times"; cpu=$(tail -1 "$d/times" | secs); }
taskcpu() { [ -f "$d/cpu.log" ] && secs <"$d/cpu.log" | awk '{ s += $1 } END { print s + 0 }' || echo 0; }
cat >"$d/ngtime" <<WRAP
#!/usr/bin/env bash
"$ng" "\$@"; rc=\$?
times >"$d/cpu.\$\$"; tail -1 "$d/cpu.\$\$" >>"$d/cpu.log"; rm -f "$d/cpu.\$\$"
exit \$rc
WRAP
chmod +x "$d/ngtime"
export NGNMM="$d/ngtime"
run() { # name, then the command
  local name=$1 a b c0 c1
  shift
  echo "--- $name"
  echo "    before: $(uptime)"
  cputime
  c0=$(echo "$cpu + $(taskcpu)" | bc)
  a=$(date +%s.%N)
  "$@" >"$w/$name.stdout" 2>"$w/$name.stderr" || fail "$name: $(tail -3 "$w/$name.stderr")"
  b=$(date +%s.%N)
  cputime
  c1=$(echo "$cpu + $(taskcpu)" | bc)
  echo "    after:  $(uptime)"
  printf '    %s: wall %.1f s, CPU %.1f s\n' "$name" "$(echo "$b - $a" | bc)" "$(echo "$c1 - $c0" | bc)"
}

for study in msf lesion; do
  if [ $study = msf ]; then
    sweep=(msf map --IE 0:20:100 --eps 0:20:100)
  else
    sweep=(lesion scan)
  fi
  run "$study-single-w1" "$ng" "${sweep[@]}" --workers 1 --out "$w/$study-w1.jsonl"
  run "$study-single-w$cpus" "$ng" "${sweep[@]}" --workers "$cpus" --out "$w/$study-wN.jsonl"
  "$ng" slurm --shards 8 --out "$w/$study-array.jsonl" --cpus-per-task 1 --time 1:00:00 -- "${sweep[@]}" >"$w/$study.sh" ||
    fail "ngnmm slurm"
  run "$study-array8" sbatch --wait --quiet "$w/$study.sh"
  [ -z "$(squeue -h)" ] || fail "queue not empty after sbatch --wait: $(squeue)"
  cmp "$w/$study-w1.jsonl" "$w/$study-wN.jsonl" || fail "$study: --workers 1 and --workers $cpus differ"
  cmp "$w/$study-w1.jsonl" "$w/$study-array.jsonl" || fail "$study: merged 8-shard array differs from the single process"
  echo "    $study: merged 8-shard file == single-process file ($(wc -l <"$w/$study-w1.jsonl") lines, sha256 $(sha256sum <"$w/$study-w1.jsonl" | cut -c1-16))"
done
echo "${0##*/}: done in $((SECONDS - t0))s"
