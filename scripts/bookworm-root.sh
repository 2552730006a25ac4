#!/usr/bin/env bash
# Make a minimal Debian bookworm root (debootstrap --variant=minbase) with
# Go copied from /usr/local/go, as a fresh newcomer's machine would be: used
# by scripts/fresh-machine.sh and scripts/test-image.sh. Root only.
# Usage: scripts/bookworm-root.sh DIR [PACKAGE...]
#   DIR      created (must not exist); PACKAGEs are apt-installed into it
# Env:     DEBIAN_MIRROR (default http://deb.debian.org/debian)
#          ROOT_CACHE   a tarball of the bare root, made on first use and reused
#                       (default /var/tmp/ngnmm-bookworm-minbase.tar; empty: none)
set -eEuo pipefail
trap 'echo "bookworm-root.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
dir=${1:?usage: scripts/bookworm-root.sh DIR [PACKAGE...]}
shift
[ "$(id -u)" = 0 ] || { echo "bookworm-root.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
[ ! -e "$dir" ] || { echo "bookworm-root.sh: $dir exists" >&2; exit 1; }
[ -x /usr/local/go/bin/go ] || { echo "bookworm-root.sh: no Go at /usr/local/go" >&2; exit 1; }
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${ROOT_CACHE-/var/tmp/ngnmm-bookworm-minbase.tar}
command -v debootstrap >/dev/null || {
  echo "bookworm-root.sh: installing debootstrap"
  apt-get install -y --no-install-recommends debootstrap
}
t0=$SECONDS
mkdir -p "$dir"
if [ -n "$cache" ] && [ -s "$cache" ]; then
  echo "bookworm-root.sh: bare root from $cache"
  tar -xpf "$cache" -C "$dir"
else
  echo "bookworm-root.sh: debootstrap --variant=minbase bookworm $dir $mirror"
  debootstrap --variant=minbase bookworm "$dir" "$mirror" | sed -u 's/^/  debootstrap: /'
  if [ -n "$cache" ]; then
    tar -cpf "$cache.tmp" -C "$dir" . && mv "$cache.tmp" "$cache"
  fi
fi
echo "bookworm-root.sh: copying Go ($(/usr/local/go/bin/go version | cut -d' ' -f3)) to $dir/usr/local/go"
cp -a /usr/local/go "$dir/usr/local/go"
cp /etc/resolv.conf "$dir/etc/resolv.conf"
# The host's own trust anchors that Debian does not ship (e.g. a TLS-intercepting
# proxy's CA on the project machines) go to usr/local/share/ca-certificates, as a
# site administrator would put them; ca-certificates' postinst adds them to the bundle.
python3 - "$dir/usr/local/share/ca-certificates" <<'PY'
import glob, os, re, sys
pem = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)
try:
    host = pem.findall(open("/etc/ssl/certs/ca-certificates.crt").read())
except OSError:
    host = []
known = set()
for f in glob.glob("/usr/share/ca-certificates/**/*.crt", recursive=True):
    known.update(c.replace("\n", "") for c in pem.findall(open(f).read()))
extra = [c for c in host if c.replace("\n", "") not in known]
os.makedirs(sys.argv[1], exist_ok=True)
for i, c in enumerate(extra):
    with open(os.path.join(sys.argv[1], "host-ca-%d.crt" % i), "w") as f:
        f.write(c + "\n")
print("bookworm-root.sh: %d host CA certificate(s) not in Debian's set copied to %s" % (len(extra), sys.argv[1]))
PY
if [ -x "$dir/usr/sbin/update-ca-certificates" ]; then chroot "$dir" update-ca-certificates >/dev/null; fi
if [ $# -gt 0 ]; then
  echo "bookworm-root.sh: apt-get install $*"
  chroot "$dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive /bin/sh -c \
    'apt-get update -q && apt-get install -y -q --no-install-recommends "$@" && apt-get clean && rm -rf /var/lib/apt/lists/*' sh "$@" |
    sed -u 's/^/  apt: /'
fi
echo "bookworm-root.sh: $dir ready in $((SECONDS - t0))s"
