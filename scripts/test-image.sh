#!/usr/bin/env bash
# `make test-image`: build the project's Dockerfile (unchanged) without a Docker
# daemon and run the image for real, with Debian's buildah and podman (root only):
#   1. base image: no registry is reachable from the project machines, so a
#      TEST-ONLY STAND-IN for the official golang:GO-bookworm image is assembled
#      locally (debootstrap bookworm + the packages the Dockerfile uses from it +
#      /usr/local/go, scripts/bookworm-root.sh), imported with `podman import` and
#      tagged as the Dockerfile's base reference (label org.ngnmm.stand-in=1; an
#      image of that name without the label is never replaced);
#   2. build context = the checkout's files (git ls-files: committed and untracked,
#      not ignored) plus the connectomes from $NGNMM_DATA in docker/data/ (the
#      download hosts are unreachable here); `buildah bud --isolation chroot`;
#   3. offline run (--network=none, a named volume on /home/ngnmm/work): no route
#      out, Jupyter answers 403 without its token and 200 with it, the token is
#      not on any command line, the user ngnmm owns and can write the work
#      volume, and every notebook executes inside (scripts/run-notebooks.sh,
#      GOPROXY=off);
#   4. published port (-p 127.0.0.1:PORT:8888, a host folder owned by NB_UID on the
#      volume): the port is bound on 127.0.0.1 only and answers only with the
#      token; files written in the container appear on the host. slirp4netns
#      forwards the port (this machine's egress filter intercepts the CNI
#      bridge's forwarded connections: "403 server: keryx").
# Prints the build time, the image size and a final "N passed, M failed" line.
# Env: NGNMM_DATA (default ../shared/data), IMAGE (default localhost/ngnmm:test),
#      TEST_IMAGE_DIR (work folder, default /var/tmp/ngnmm-test-image), TEST_IMAGE_PORT
#      (default 18888), REBUILD_BASE=1 (re-create the stand-in base image),
#      NO_CACHE=1 (build every layer again: a cold build's time). The image and
#      its layers are kept (buildah --layers), so a rebuild redoes only what changed.
set -eEuo pipefail
trap 'echo "test-image.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
[ "$(id -u)" = 0 ] || { echo "test-image.sh: needs root (debootstrap, buildah, podman)" >&2; exit 1; }
for t in buildah podman debootstrap; do
  command -v "$t" >/dev/null || {
    echo "test-image.sh: installing buildah podman runc debootstrap (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah podman runc debootstrap
    break
  }
done
image=${IMAGE:-localhost/ngnmm:test}
dir=${TEST_IMAGE_DIR:-/var/tmp/ngnmm-test-image}
port=${TEST_IMAGE_PORT:-18888}
data=${NGNMM_DATA:-$repo/../shared/data}
go_version=$(sed -nE 's/^ARG GO_VERSION=(.*)/\1/p' Dockerfile | head -1)
base=docker.io/library/golang:$go_version-bookworm
# runc: Debian's default crun fails on these machines (rlimits, hybrid cgroups).
P=(podman --runtime /usr/sbin/runc --cgroup-manager=cgroupfs)
limits=(--ulimit nofile=20000:20000 --ulimit nproc=20000:20000)
pass=0 fail=0 t_all=$SECONDS
ok() { pass=$((pass + 1)); echo "PASS $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check LABEL COMMAND...  (not "name": the commands read the global $name)
  local label=$1
  shift
  if "$@"; then ok "$label"; else bad "$label"; fi
}
mkdir -p "$dir"
name=ngnmm-test-$$
cleanup() {
  "${P[@]}" rm -f "$name-offline" "$name-port" >/dev/null 2>&1 || true
  "${P[@]}" volume rm -f "$name-work" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "=== 1. stand-in base image $base ==="
t0=$SECONDS
if "${P[@]}" image exists "$base" &&
  [ "$("${P[@]}" image inspect -f '{{index .Labels "org.ngnmm.stand-in"}}' "$base")" != 1 ]; then
  echo "test-image.sh: $base exists and is not our stand-in: using it as it is"
elif "${P[@]}" image exists "$base" && [ "${REBUILD_BASE:-0}" != 1 ]; then
  echo "reusing the stand-in $base (REBUILD_BASE=1 to re-create it)"
else
  rm -rf "$dir/base"
  # what the Dockerfile uses from golang:*-bookworm (buildpack-deps:bookworm-scm + gcc)
  scripts/bookworm-root.sh "$dir/base" ca-certificates curl git gcc libc6-dev make procps
  tar -C "$dir/base" -c . | "${P[@]}" import \
    --change "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV GOPATH=/go" --change "ENV GOLANG_VERSION=$go_version" --change "WORKDIR /go" \
    --change "LABEL org.ngnmm.stand-in=1" --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$dir/base"
fi
t_base=$((SECONDS - t0))
echo "base image: ${t_base}s"

echo "=== 2. buildah bud (Dockerfile unchanged) ==="
rm -rf "$dir/ctx"
mkdir -p "$dir/ctx"
git ls-files -co --exclude-standard -z | tar --null -T - -c | tar -x -C "$dir/ctx"
if [ -f "$data/aal90/sc2017.dat" ]; then
  mkdir -p "$dir/ctx/docker/data"
  cp -R "$data/." "$dir/ctx/docker/data/"
  chmod -R u+w,a+rX "$dir/ctx/docker/data"
  echo "connectomes from $data seed the image's cache (docker/data/ in the build context)"
else
  echo "no shared data at $data: the build downloads the connectomes (needs GitHub)"
fi
t0=$SECONDS
nocache=()
[ "${NO_CACHE:-0}" != 1 ] || nocache=(--no-cache)
buildah bud --isolation chroot --pull=never --layers "${nocache[@]}" "${limits[@]}" -f Dockerfile -t "$image" "$dir/ctx" 2>&1 |
  tee "$dir/build.log" | grep --line-buffered -E '^(\[[0-9]+/[0-9]+\] )?STEP|^(PASS|FAIL) |^notebooks:|^Error|rror:'
t_build=$((SECONDS - t0))
rm -rf "$dir/ctx"
size=$("${P[@]}" image inspect -f '{{.Size}}' "$image")
echo "build: ${t_build}s, image size $((size / 1000000)) MB ($image, log $dir/build.log)"
ok "image builds from the Dockerfile"

echo "=== 3. offline container (--network=none) ==="
"${P[@]}" volume create "$name-work" >/dev/null
token=t$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
"${P[@]}" run -d --name "$name-offline" --network=none "${limits[@]}" -e JUPYTER_TOKEN="$token" \
  -v "$name-work:/home/ngnmm/work" "$image" >/dev/null
X=("${P[@]}" exec "$name-offline")
up() { # up EXEC... : wait up to 60 s for Jupyter's /api/status to answer with the token
  local _
  for _ in $(seq 60); do
    [ "$("$@" -o /dev/null -w '%{http_code}' -H "Authorization: token $token" "http://127.0.0.1:$port_in/api/status" 2>/dev/null)" = 200 ] && return 0
    sleep 1
  done
  return 1
}
port_in=8888
check "jupyter answers with its token (offline container)" up "${X[@]}" curl -s -m 5
code=$("${X[@]}" curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:8888/api/status" || true)
check "jupyter refuses requests without the token (HTTP $code)" test "$code" = 403
code=$("${X[@]}" curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:8888/api/status?token=wrong$token" || true)
check "jupyter refuses a wrong token (HTTP $code)" test "$code" = 403
# (grep -f: the token itself must not be on the checking command's line)
# shellcheck disable=SC2016
check "the token is on no command line (ps)" "${P[@]}" exec -e T="$token" "$name-offline" sh -c \
  'printf "%s\n" "$T" >/tmp/t && ! cat /proc/[0-9]*/cmdline | tr "\0" "\n" | grep -qFf /tmp/t'
check "no network inside (no route, proxy.golang.org unreachable)" "${X[@]}" sh -c \
  '! grep -qv "^Iface" /proc/net/route && ! curl -s -m 5 -o /dev/null https://proxy.golang.org'
owner=$("${X[@]}" stat -c '%U:%G' /home/ngnmm/work)
check "user ngnmm owns the work volume ($owner)" test "$owner" = ngnmm:ngnmm
check "user ngnmm writes the work volume" "${X[@]}" sh -c 'id -un | grep -qx ngnmm && touch /home/ngnmm/work/probe && rm /home/ngnmm/work/probe'
echo "notebooks inside the offline container:"
t0=$SECONDS
if "${X[@]}" env GOPROXY=off NGNMM_QUICK=1 scripts/run-notebooks.sh notebooks | tee "$dir/notebooks.log"; then
  ok "every notebook executes inside the container ($((SECONDS - t0))s)"
else
  bad "notebooks inside the container ($(tail -1 "$dir/notebooks.log"))"
fi
t_nb=$((SECONDS - t0))
"${P[@]}" rm -f "$name-offline" >/dev/null

echo "=== 4. published port 127.0.0.1:$port, host folder on the work volume ==="
rm -rf "$dir/work"
mkdir -p "$dir/work"
uid=$("${P[@]}" run --rm --network=none "${limits[@]}" --entrypoint id "$image" -u)
chown "$uid:$uid" "$dir/work"
"${P[@]}" run -d --name "$name-port" --network=slirp4netns:allow_host_loopback=false "${limits[@]}" \
  -p "127.0.0.1:$port:8888" -e JUPYTER_TOKEN="$token" -v "$dir/work:/home/ngnmm/work" "$image" >/dev/null
port_in=$port
check "jupyter answers on 127.0.0.1:$port with its token" up curl -s -m 5
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/status" || true)
check "jupyter on 127.0.0.1:$port refuses requests without the token (HTTP $code)" test "$code" = 403
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/tree" || true)
check "the notebook list without the token redirects to the login page (HTTP $code)" test "$code" = 302
listen=$(ss -Hltn "sport = :$port" | awk '{print $4}' | sort -u | tr '\n' ' ')
check "port $port is published on 127.0.0.1 only ($listen)" test "$listen" = "127.0.0.1:$port "
# (grep without -q: reading to the end, so podman logs gets no SIGPIPE under pipefail)
printed() { "${P[@]}" logs "$name-port" 2>&1 | grep -F "127.0.0.1:8888/?token=$token" >/dev/null; }
check "the container prints the URL with its token" printed
"${P[@]}" exec "$name-port" sh -c 'echo hello > /home/ngnmm/work/from-container.txt'
check "a file written in the container is the host user's ($(stat -c %u "$dir/work/from-container.txt" 2>/dev/null))" \
  test "$(stat -c %u "$dir/work/from-container.txt" 2>/dev/null)" = "$uid"
"${P[@]}" rm -f "$name-port" >/dev/null
rm -rf "$dir/work"

echo
echo "=== summary ($((SECONDS - t_all))s) ==="
echo "base image ${t_base}s, build ${t_build}s, image size $((size / 1000000)) MB, notebooks inside ${t_nb}s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
