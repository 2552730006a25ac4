#!/usr/bin/env bash
# A newcomer's fresh machine, for real: build a minimal Debian bookworm root
# (debootstrap --variant=minbase, scripts/bookworm-root.sh), copy Go to
# /usr/local/go, install git (to clone) and clone this repository's HEAD into
# /root/ngnmm, then run the README's two commands exactly as written (the first
# two ```sh blocks of the cloned README.md), in a chroot with a clean
# environment:
#   1. the lab command, until it prints its URL; the URL must answer with its
#      token (HTTP 200) and refuse requests without it (403); the token must not
#      be on any command line; then the server is stopped;
#   2. the test command with the shared data (NGNMM_DATA bound read-only): its
#      last line must read "N passed, 0 failed, K skipped";
#   3. the test command again without data: it must end
#      with "N passed, M failed, K skipped" with K > 0, after the one line that
#      says how to get the data ("data: … NGNMM_DATA … ngnmm data fetch NAME").
# Any failing step fails the script. Prints the time of each step.
# Not part of `make test` (it takes 15–30 min and needs root); `make fresh-machine`.
# Usage: scripts/fresh-machine.sh
# Env:   NGNMM_DATA (default ../shared/data), FRESH_DIR (default /var/tmp/ngnmm-fresh),
#        FRESH_STEPS (default "lab data nodata": steps 1, 2, 3; e.g. "nodata" runs only
#        step 3, whose test command then does all the installing), FRESH_KEEP=1 (keep the root),
#        FRESH_PORT (lab port, default 18700-18799), ROOT_CACHE (scripts/bookworm-root.sh)
set -eEuo pipefail
trap 'echo "fresh-machine.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
[ "$(id -u)" = 0 ] || { echo "fresh-machine.sh: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
data=${NGNMM_DATA:-$repo/../shared/data}
[ -d "$data" ] || { echo "fresh-machine.sh: no data folder $data (set NGNMM_DATA)" >&2; exit 1; }
data=$(cd "$data" && pwd)
dir=${FRESH_DIR:-/var/tmp/ngnmm-fresh}/run-$$
root=$dir/root
port=${FRESH_PORT:-$((18700 + $$ % 100))}
sha=$(git rev-parse HEAD)
steps=${FRESH_STEPS:-lab data nodata}
declare -a times=()
t_all=$SECONDS
stamp() { times+=("$(printf '%-58s %5ds' "$1" "$2")"); echo "fresh-machine: $1: $2s"; }

mounted=()
lab_pid=
cleanup() {
  local m
  [ -z "$lab_pid" ] || kill -- "-$lab_pid" 2>/dev/null || true
  for ((m = ${#mounted[@]} - 1; m >= 0; m--)); do umount -R -l "${mounted[m]}" 2>/dev/null || true; done
  if [ "${FRESH_KEEP:-0}" = 1 ]; then echo "fresh-machine: root kept in $root"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
mnt() { # mnt TARGET MOUNT-ARGS...
  local t=$1
  shift
  mkdir -p "$t"
  mount "$@" "$t"
  mounted+=("$t")
}
# root_argv CMD [ENV...]: R = the argv that runs a bash command line in the root as
# a newcomer would type it: root's login environment, nothing inherited from this machine.
root_argv() {
  local cmd=$1
  shift
  R=(chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb LANG=C.UTF-8
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" /bin/bash -c "$cmd")
}
in_root() { # in_root CMD [ENV...]
  root_argv "$@"
  "${R[@]}"
}

echo "=== fresh bookworm root in $root (repository at $sha) ==="
t0=$SECONDS
mkdir -p "$dir"
scripts/bookworm-root.sh "$root"
stamp "debootstrap minbase root + Go copied (cached root: ROOT_CACHE)" $((SECONDS - t0))
mnt "$root/proc" -t proc proc
mnt "$root/sys" -t sysfs sysfs
mnt "$root/dev" --rbind /dev
mount --make-rslave "$root/dev"
mnt "$root/data" --bind -o ro "$data"
mount -o remount,bind,ro "$root/data"

t0=$SECONDS
git bundle create "$root/tmp/ngnmm.bundle" HEAD 2>/dev/null
in_root 'export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q --no-install-recommends git' |
  grep --line-buffered -E '^(Get:|Setting up|E:)' | sed -u 's/^/  prerequisite: /'
in_root "git init -q /root/ngnmm && cd /root/ngnmm && git fetch -q /tmp/ngnmm.bundle HEAD && git checkout -q --detach FETCH_HEAD && git log --oneline -1"
stamp "apt-get install git, git clone" $((SECONDS - t0))

# The README's two commands, exactly as written: the first two ```sh blocks.
mapfile -t cmds < <(awk '/^```sh$/ {on = 1; n++; next} /^```/ {on = 0} on && n <= 2 {print n "\t" $0}' "$root/root/ngnmm/README.md")
lab_cmd=$(printf '%s\n' "${cmds[@]}" | awk -F'\t' '$1 == 1 {print $2}')
test_cmd=$(printf '%s\n' "${cmds[@]}" | awk -F'\t' '$1 == 2 {print $2}')
if [ -z "$lab_cmd" ] || [ -z "$test_cmd" ]; then
  echo "fresh-machine.sh: README.md has no two \`\`\`sh blocks at its top" >&2
  exit 1
fi
echo "README's commands:  [1] $lab_cmd   [2] $test_cmd"

want() { [[ " $steps " == *" $1 "* ]]; }
if want lab; then
  echo "=== [1] $lab_cmd ==="
  t0=$SECONDS
  root_argv "cd /root/ngnmm && $lab_cmd" LAB_PORT="$port"
  setsid "${R[@]}" >"$dir/lab.log" 2>&1 &
  lab_pid=$!
  url=
  for _ in $(seq 1800); do
    url=$(sed -nE 's/^ngnmm lab: (http:\/\/[^ ]*token=[0-9a-f]+).*/\1/p' "$dir/lab.log" | head -1)
    [ -z "$url" ] || break
    kill -0 "$lab_pid" 2>/dev/null || break
    sleep 1
  done
  sed 's/^/  lab: /' "$dir/lab.log" | grep -v -E '^  lab: \s*apt: (Get|Unpacking|Setting up)' | tail -25
  [ -n "$url" ] || { echo "fresh-machine.sh: the lab command printed no URL" >&2; exit 1; }
  stamp "[1] $lab_cmd: installs until the URL is printed" $((SECONDS - t0))
  token=${url##*token=}
  code=000
  for _ in $(seq 60); do
    code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H "Authorization: token $token" "http://127.0.0.1:$port/api/status" || true)
    [ "$code" != 200 ] || break
    sleep 1
  done
  [ "$code" = 200 ] || { echo "fresh-machine.sh: $url: HTTP $code with the token" >&2; exit 1; }
  code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/status" || true)
  [ "$code" = 403 ] || { echo "fresh-machine.sh: Jupyter answered HTTP $code without the token" >&2; exit 1; }
  printf '%s\n' "$token" >"$dir/token" # grep -f: the token itself is on no command line of ours
  if grep -laFf "$dir/token" /proc/[0-9]*/cmdline 2>/dev/null | grep -q .; then
    echo "fresh-machine.sh: the token is on a command line (ps shows it)" >&2
    exit 1
  fi
  echo "lab: $url answers 200 with the token, 403 without; the token is on no command line"
  kill -- "-$lab_pid" 2>/dev/null || true
  wait "$lab_pid" 2>/dev/null || true
  lab_pid=
fi

# run_test LABEL ENV...: the README's test command; its last lines are kept in $dir/test.LABEL.log
run_test() {
  local label=$1 t0=$SECONDS rc=0
  shift
  echo "=== [2] $test_cmd ($label) ==="
  in_root "cd /root/ngnmm && $test_cmd" "$@" >"$dir/test.$label.log" 2>&1 || rc=$?
  # the step lines, and under each FAIL line its indented reasons (at most 12)
  awk '/^(=== |PASS |FAIL |notebooks:|gotest:|  SKIP |install.sh \[|data:)|passed, .* failed/ { print; f = /^FAIL /; n = 0; next }
       f && /^ / && n++ < 12 { print; next } { f = 0 }' "$dir/test.$label.log" | tail -80
  stamp "[2] $test_cmd ($label, exit $rc)" $((SECONDS - t0))
  # the summary line (on failure make's own "Error 1" line follows it)
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$dir/test.$label.log" | tail -1)
  [ -n "$last" ] || last=$(grep -v '^\s*$' "$dir/test.$label.log" | tail -1)
}
# Both test runs happen even if the first fails; the script fails at the end.
failed=()
with_data=
without=
if want data; then
  run_test "with data" NGNMM_DATA=/data
  [[ $last =~ ^[0-9]+\ passed,\ 0\ failed,\ [0-9]+\ skipped$ ]] ||
    failed+=("with data the test command ended with: $last")
  with_data=$last
fi
if want nodata; then
  run_test "without data"
  k=0
  [[ ! $last =~ ^[0-9]+\ passed,\ [0-9]+\ failed,\ ([0-9]+)\ skipped$ ]] || k=${BASH_REMATCH[1]}
  [ "$k" -gt 0 ] || failed+=("without data the test command ended with: $last (want K > 0 skipped)")
  grep -E '^data: .*NGNMM_DATA.*ngnmm data fetch NAME' "$dir/test.without data.log" >/dev/null ||
    failed+=("without data no line says how to get the data")
  without=$last
fi

echo
echo "=== fresh machine: summary ($((SECONDS - t_all))s, repository $sha) ==="
printf '%s\n' "${times[@]}"
[ -z "$with_data" ] || echo "with data:    $with_data"
[ -z "$without" ] || echo "without data: $without"
[ ${#failed[@]} -eq 0 ] || { printf 'fresh-machine.sh: %s\n' "${failed[@]}" >&2; exit 1; }
echo "fresh machine: OK"
