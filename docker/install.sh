#!/usr/bin/env bash
# Install what ngnmm's notebooks need, on Debian bookworm with Go at /usr/local/go.
# The ONE install script shared by `make lab`, `.ci/run` and the Dockerfile.
#
# Usage: docker/install.sh [PROFILE] [STEP...]
#   PROFILE  lab   make, curl, Jupyter Notebook (Debian packages) + GoNB kernel + goimports
#                  + echarts for offline charts                                  (./lab, make lab)
#            test  lab + chromium, shellcheck, g++, python3-{pil,scipy,brian}   (./test, make test,
#                  + slurm-wlm, munge (scripts/slurm-test.sh)                   .ci/run; default)
#            image lab's Debian packages + tini, no echarts step (Dockerfile)
#   STEP     apt | go | kernel | echarts   (default: all; image: apt go kernel). The Dockerfile
#            runs `apt` as root and `go kernel` as the notebook user. `echarts` fetches the
#            pinned npm tarball of echarts with curl, SHA-256 checked, into the user's cache
#            (scripts/echarts-assets.sh; needs the repository, so not in the image profile).
# Env:
#   NGNMM_APT_PIN=1   install the exact Debian versions listed below (the image does;
#                     a Debian point release can retire a version, then update the list)
#   GOBIN             where gonb/goimports go (default: $(go env GOPATH)/bin)
#   GONB_VERSION      if set, must equal the gonb version pinned in go.mod (the Dockerfile sets it)
#
# Idempotent and non-interactive: installed packages, binaries of the right
# version and an existing kernelspec are skipped. apt needs root (or sudo).
# -E: the ERR trap also fires inside functions.
set -eEuo pipefail
trap 'echo "install.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
profile="test"
case "${1:-}" in lab | test | image) profile=$1; shift ;; esac
steps=("$@")
if [ ${#steps[@]} -eq 0 ]; then
  steps=(apt go kernel echarts)
  [ "$profile" != image ] || steps=(apt go kernel)
fi

GOIMPORTS_VERSION=v0.52.0 # golang.org/x/tools; gopls is optional (v0.24 needs go 1.27)

# name=version as tested on bookworm (apt-cache policy). Versions are used only with NGNMM_APT_PIN=1.
apt_lab=(
  ca-certificates
  make
  curl
  jupyter-notebook=6.4.12-2.2
  jupyter-nbconvert=6.5.3-3
  jupyter-client=7.4.9-2
  jupyter-nbformat=5.5.0-1
  python3-ipykernel=6.17.0-1
  python3-nbclient=0.7.2-1
)
apt_test=(
  chromium
  shellcheck=0.9.0-1
  g++
  python3-pil
  python3-scipy=1.10.1-2
  python3-brian=2.5.1-3
  slurm-wlm=22.05.8-4+deb12u3 # scripts/slurm-test.sh: a single-host SLURM cluster
  munge=0.5.15-2+deb12u1
)
apt_image=(
  tini=0.19.0-1+b3
)

t_start=$SECONDS
log() { printf 'install.sh [%3ds]: %s\n' $((SECONDS - t_start)) "$*"; }

installed() { # installed PKG → 0 if dpkg has it
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

step_apt() {
  local want=("${apt_lab[@]}")
  case $profile in
    test) want+=("${apt_test[@]}") ;;
    image) want+=("${apt_image[@]}") ;;
  esac
  local missing=() p
  for p in "${want[@]}"; do
    installed "${p%%=*}" && continue
    if [ "${NGNMM_APT_PIN:-0}" = 1 ]; then missing+=("$p"); else missing+=("${p%%=*}"); fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages ($profile): all installed"
    return
  fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "need root to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "apt-get install ${missing[*]} (and their dependencies; progress below)"
  export DEBIAN_FRONTEND=noninteractive
  # Progress: apt's download lines and one line per package unpacked/set up
  # (-q: no animated bars, which would flood a CI log).
  "${sudo[@]}" apt-get update -q | sed -u 's/^/  apt: /'
  "${sudo[@]}" apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" |
    grep --line-buffered -E '^(Get:|Fetched|Need to get|Unpacking|Setting up|[0-9]+ upgraded|E:|W:)' |
    sed -u 's/^/  apt: /'
  log "Debian packages ($profile): installed"
}

go_env() {
  export GOTOOLCHAIN=local PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null || { log "go not found (expected in /usr/local/go/bin)"; exit 1; }
  GOBIN=${GOBIN:-$(go env GOPATH)/bin}
  export GOBIN PATH="$GOBIN:$PATH"
  mkdir -p "$GOBIN"
}

modversion() { # modversion BINARY MODULE → version the binary was built from
  { go version -m "$1" 2>/dev/null || true; } | awk -v m="$2" '$1=="mod" && $2==m {print $3}'
}

step_go() {
  go_env
  local want have
  # gonb's @v/list is refused by the module proxy here, so `go install gonb@vX`
  # fails; build it from the version pinned by go.mod's tool directive instead.
  want=$(cd "$repo" && go list -m -f '{{.Version}}' github.com/janpfeifer/gonb)
  if [ -n "${GONB_VERSION:-}" ] && [ "$GONB_VERSION" != "$want" ]; then
    log "GONB_VERSION=$GONB_VERSION but go.mod pins gonb $want (update one of them)"
    exit 1
  fi
  have=$(modversion "$GOBIN/gonb" github.com/janpfeifer/gonb)
  if [ "$have" = "$want" ]; then
    log "gonb $want: installed"
  else
    log "downloading Go modules (go mod download) and building gonb $want (from go.mod; about a minute)"
    (cd "$repo" && go mod download -x 2>&1 | { grep --line-buffered -E '^# get .*: 200 OK' || true; } |
      sed -u -E 's|^# get ([^ ]+).*|  go: got \1|' && go build -o "$GOBIN/gonb" github.com/janpfeifer/gonb)
  fi
  have=$(modversion "$GOBIN/goimports" golang.org/x/tools)
  if [ "$have" = "$GOIMPORTS_VERSION" ]; then
    log "goimports $GOIMPORTS_VERSION: installed"
  else
    log "installing goimports $GOIMPORTS_VERSION"
    go install "golang.org/x/tools/cmd/goimports@$GOIMPORTS_VERSION"
  fi
}

step_kernel() {
  go_env
  local spec
  spec=$(jupyter --data-dir 2>/dev/null)/kernels/gonb/kernel.json
  if [ -f "$spec" ] && grep -qF "\"$GOBIN/gonb\"" "$spec"; then
    log "gonb kernelspec: installed ($spec)"
    return
  fi
  log "installing the gonb kernelspec"
  # --force_deps: do not require gopls (only used for completion).
  gonb --install --force_deps >/dev/null 2>&1 || { gonb --install --force_deps; exit 1; }
  [ -f "$spec" ] || { log "gonb --install wrote no $spec"; exit 1; }
}

step_echarts() {
  [ -x "$repo/scripts/echarts-assets.sh" ] || { log "no scripts/echarts-assets.sh next to $here"; exit 1; }
  "$repo/scripts/echarts-assets.sh"
}

export PYDEVD_DISABLE_FILE_VALIDATION=1
log "profile $profile, steps: ${steps[*]}"
for s in "${steps[@]}"; do
  case $s in
    apt) step_apt ;;
    go) step_go ;;
    kernel) step_kernel ;;
    echarts) step_echarts ;;
    *) log "unknown step $s (want apt, go, kernel or echarts)"; exit 2 ;;
  esac
done
log "done"
