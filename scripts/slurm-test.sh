#!/usr/bin/env bash
# The SLURM job-array test of issue 17 (scripts/test.sh step "slurm"): a
# throw-away single-host cluster (munged + slurmctld + slurmd on localhost,
# configuration and state in a temporary folder, stopped afterwards) runs a
# small 'ngnmm msf map' as a 4-task array through the script printed by
# 'ngnmm slurm'; the merged file must equal a single-process run byte for
# byte. Then one array task is killed mid-run (scancel), the other tasks do
# not merge, the script is resubmitted for that task, the task resumes its
# partial shard file and the merged file is still identical. A second sweep
# command, 'ngnmm lesion scan' (6 lesions), runs as a 3-task array and must
# equal its single run too.
#
# Needs Debian's slurm-wlm and munge (docker/install.sh test) and root (slurmd
# runs jobs as their user). Exit 0: passed; 77: SKIPPED (daemons missing or
# not starting; says why, loudly); anything else: failed.
# Env: NGNMM_DATA (the aal90 connectome), SLURM_TEST_KEEP=1 keeps the folder.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
export GOTOOLCHAIN=local PATH="/usr/local/go/bin:/usr/sbin:/sbin:$PATH"
. scripts/slurm-cluster.sh # skip, fail, log, cluster_init, cluster_start
cluster_init
go build -o "$d/ngnmm" ./cmd/ngnmm || fail "go build"
ng="$d/ngnmm"
w="$d/work"
# 48 points at dt = 0.01 ms (~0.1 s each): long enough to kill a task mid-run
sweep=(msf map --IE 2:14:8 --eps 6:16:6 --dt 0.01)
if ! "$ng" "${sweep[@]}" --workers 1 --out "$w/single.jsonl" >/dev/null 2>"$w/single.err"; then
  grep -q 'download' "$w/single.err" && skip "connectome aal90 not available (set NGNMM_DATA): $(cat "$w/single.err")"
  fail "single-process run: $(cat "$w/single.err")"
fi

lesion=(lesion scan --regions 10:15 --T 150 --transient 20)
"$ng" "${lesion[@]}" --workers 1 --out "$w/lesion-single.jsonl" >/dev/null 2>"$w/lesion.err" ||
  fail "single-process lesion scan: $(cat "$w/lesion.err")"
log "single-process runs done"

cluster_start "$(nproc)"
# --- the test ----------------------------------------------------------------

"$ng" slurm --shards 4 --out "$w/array.jsonl" --cpus-per-task 1 --time 0:10:00 -- "${sweep[@]}" >"$w/job.sh" ||
  fail "ngnmm slurm"
sbatch --wait --quiet "$w/job.sh" || fail "sbatch --wait (logs: $(cat "$w"/array.jsonl.part-*.log))"
[ -z "$(squeue -h)" ] || fail "queue not empty after sbatch --wait: $(squeue)"
cmp "$w/single.jsonl" "$w/array.jsonl" || fail "merged 4-task array differs from the single-process run"
log "4-task array: merged file equals the single-process run"

# kill task 2 after its first point, let the others finish
"$ng" slurm --shards 4 --out "$w/killed.jsonl" -- "${sweep[@]}" >"$w/job2.sh" || fail "ngnmm slurm"
job=$(sbatch --parsable "$w/job2.sh") || fail "sbatch"
part="$w/killed.jsonl.part-2-of-4"
killed=0
for _ in $(seq 1 1200); do
  if [ -f "$part" ] && [ "$(wc -l <"$part")" -ge 2 ]; then
    scancel --signal=KILL "${job}_2" && killed=1
    break
  fi
  sleep 0.05
done
[ $killed = 1 ] || fail "task 2 never wrote a point"
for _ in $(seq 1 600); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 0.2; done
[ -z "$(squeue -h -j "$job")" ] || fail "array $job did not end"
n=$(($(wc -l <"$part") - 1))
[ "$n" -lt 12 ] || fail "task 2 finished its 12 points before it was killed (make the sweep longer)"
[ ! -e "$w/killed.jsonl" ] || fail "merged although task 2 was killed"
log "task 2 killed after $n of 12 points; nothing merged"
sbatch --wait --quiet --array=2 "$w/job2.sh" || fail "resubmitted task 2 failed: $(cat "$w/killed.jsonl.part-2-of-4.log")"
grep -q "\"computed\": $((12 - n))" "$w/killed.jsonl.part-2-of-4.log" ||
  fail "resubmitted task 2 did not resume (want $((12 - n)) computed): $(cat "$w/killed.jsonl.part-2-of-4.log")"
cmp "$w/single.jsonl" "$w/killed.jsonl" || fail "merged file after kill + resume differs from the single-process run"
log "resubmitted task 2 resumed ($((12 - n)) points computed); merged file equals the single-process run"
# a second sweep command through the same script
"$ng" slurm --shards 3 --out "$w/lesion.jsonl" -- "${lesion[@]}" >"$w/lesion.sh" || fail "ngnmm slurm (lesion scan)"
sbatch --wait --quiet "$w/lesion.sh" || fail "sbatch --wait lesion scan (logs: $(cat "$w"/lesion.jsonl.part-*.log))"
cmp "$w/lesion-single.jsonl" "$w/lesion.jsonl" || fail "merged 3-task lesion scan differs from the single-process run"
log "3-task lesion scan array: merged file equals the single-process run"
echo "slurm-test: PASSED in $((SECONDS - t0))s"
