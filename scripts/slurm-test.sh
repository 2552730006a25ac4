#!/usr/bin/env bash
# The SLURM job-array test of issue 17 (scripts/test.sh step "slurm"): a
# throw-away single-host cluster (munged + slurmctld + slurmd on localhost,
# configuration and state in a temporary folder, stopped afterwards) runs a
# small 'ngnmm msf map' as a 4-task array through the script printed by
# 'ngnmm slurm'; the merged file must equal a single-process run byte for
# byte. Then one array task is killed mid-run (scancel), the other tasks do
# not merge, the script is resubmitted for that task, the task resumes its
# partial shard file and the merged file is still identical.
#
# Needs Debian's slurm-wlm and munge (docker/install.sh test) and root (slurmd
# runs jobs as their user). Exit 0: passed; 77: SKIPPED (daemons missing or
# not starting; says why, loudly); anything else: failed.
# Env: NGNMM_DATA (the aal90 connectome), SLURM_TEST_KEEP=1 keeps the folder.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
export GOTOOLCHAIN=local PATH="/usr/local/go/bin:/usr/sbin:/sbin:$PATH"
t0=$SECONDS
skip() {
  echo "################################################################"
  echo "# slurm-test: SKIPPED: $*"
  echo "################################################################"
  exit 77
}
fail() { echo "slurm-test: FAILED: $*"; exit 1; }
log() { echo "slurm-test: [$((SECONDS - t0))s] $*"; }

for b in munged slurmctld slurmd sbatch squeue scancel; do
  command -v "$b" >/dev/null || skip "$b not installed (docker/install.sh test installs slurm-wlm and munge)"
done
[ "$(id -u)" = 0 ] || skip "not root (slurmd must run as root to start jobs)"

d=$(mktemp -d /tmp/ngnmm-slurm.XXXXXX)
chmod 755 "$d"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$d/$f" ] && kill "$(cat "$d/$f")" 2>/dev/null
  done
  sleep 1
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$d/$f" ] && kill -9 "$(cat "$d/$f")" 2>/dev/null
  done
  if [ "${SLURM_TEST_KEEP:-0}" = 1 ]; then echo "slurm-test: kept $d"; else rm -rf "$d"; fi
}
trap cleanup EXIT

mkdir -p "$d/state" "$d/spool" "$d/work"
go build -o "$d/ngnmm" ./cmd/ngnmm || fail "go build"
ng="$d/ngnmm"
w="$d/work"
# 48 points at dt = 0.01 ms (~0.1 s each): long enough to kill a task mid-run
sweep=(msf map --IE 2:14:8 --eps 6:16:6 --dt 0.01)
if ! "$ng" "${sweep[@]}" --workers 1 --out "$w/single.jsonl" >/dev/null 2>"$w/single.err"; then
  grep -q 'download' "$w/single.err" && skip "connectome aal90 not available (set NGNMM_DATA): $(cat "$w/single.err")"
  fail "single-process run: $(cat "$w/single.err")"
fi
log "single-process run done"

# --- the cluster -------------------------------------------------------------
dd if=/dev/urandom of="$d/munge.key" bs=1024 count=1 status=none
chmod 400 "$d/munge.key"
munged --force --socket="$d/munge.sock" --key-file="$d/munge.key" --pid-file="$d/munged.pid" \
  --log-file="$d/munged.log" --seed-file="$d/munge.seed" ||
  skip "munged did not start: $(tail -3 "$d/munged.log" 2>/dev/null)"
host=$(hostname -s)
cpus=$(nproc)
port=$((20000 + RANDOM % 20000))
cat >"$d/slurm.conf" <<CONF
ClusterName=ngnmmtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge.sock
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
KillWait=2
MinJobAge=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$d/slurm.conf"
slurmctld -c || skip "slurmctld did not start: $(tail -5 "$d/slurmctld.log" 2>/dev/null)"
slurmd -N "$host" || skip "slurmd did not start: $(tail -5 "$d/slurmd.log" 2>/dev/null)"
up=0
for _ in $(seq 1 60); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then up=1; break; fi
  sleep 0.5
done
[ $up = 1 ] || skip "node did not come up: $(sinfo -N 2>&1 | tail -2) $(tail -3 "$d/slurmd.log" 2>/dev/null)"
log "cluster up ($host, $cpus CPUs, port $port)"

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
echo "slurm-test: PASSED in $((SECONDS - t0))s"
