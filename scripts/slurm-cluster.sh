# shellcheck shell=bash
# Sourced by scripts/slurm-test.sh and scripts/slurm-measure.sh: a throw-away
# single-host SLURM cluster (munged + slurmctld + slurmd on localhost,
# configuration and state in a temporary folder $d, stopped on exit).
#
#   cluster_init        checks the binaries and root, makes $d (trap: cleanup)
#   cluster_start [C]   starts the daemons; the node has C CPUs (default nproc)
#
# Callers define nothing; skip (exit 77, loud), fail (exit 1) and log are here.
# Env: SLURM_TEST_KEEP=1 keeps the folder.
t0=$SECONDS
skip() {
  echo "################################################################"
  echo "# ${0##*/}: SKIPPED: $*"
  echo "################################################################"
  exit 77
}
fail() { echo "${0##*/}: FAILED: $*"; exit 1; }
log() { echo "${0##*/}: [$((SECONDS - t0))s] $*"; }

cleanup() {
  local f
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$d/$f" ] && kill "$(cat "$d/$f")" 2>/dev/null
  done
  sleep 1
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$d/$f" ] && kill -9 "$(cat "$d/$f")" 2>/dev/null
  done
  if [ "${SLURM_TEST_KEEP:-0}" = 1 ]; then echo "${0##*/}: kept $d"; else rm -rf "$d"; fi
}

cluster_init() {
  local b
  for b in munged slurmctld slurmd sbatch squeue scancel sinfo; do
    command -v "$b" >/dev/null || skip "$b not installed (docker/install.sh test installs slurm-wlm and munge)"
  done
  [ "$(id -u)" = 0 ] || skip "not root (slurmd must run as root to start jobs)"
  d=$(mktemp -d /tmp/ngnmm-slurm.XXXXXX)
  chmod 755 "$d"
  trap cleanup EXIT
  mkdir -p "$d/state" "$d/spool" "$d/work"
}

cluster_start() {
  local cpus=${1:-$(nproc)} host port up
  dd if=/dev/urandom of="$d/munge.key" bs=1024 count=1 status=none
  chmod 400 "$d/munge.key"
  munged --force --socket="$d/munge.sock" --key-file="$d/munge.key" --pid-file="$d/munged.pid" \
    --log-file="$d/munged.log" --seed-file="$d/munge.seed" ||
    skip "munged did not start: $(tail -3 "$d/munged.log" 2>/dev/null)"
  host=$(hostname -s)
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
}
