#!/usr/bin/env bash
# Put echarts.min.js (npm package echarts, pinned version, SHA-256 checked) and
# its LICENSE/NOTICE into DEST_DIR, for offline chart rendering
# (NGNMM_ECHARTS_ASSETS). The package's tarball is fetched once from the npm
# registry over HTTPS with curl (no npm needed; `npm pack` is the fallback
# without curl), checked against its SHA-256, and cached outside the repository,
# so later runs work offline. Without DEST_DIR only the cache is filled
# (docker/install.sh's echarts step).
# Usage: scripts/echarts-assets.sh [DEST_DIR]
# Env:   NGNMM_ECHARTS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/ngnmm/echarts-VERSION;
#        not NGNMM_CACHE, which is the notebooks' result cache that make clean removes)
set -eEuo pipefail
ECHARTS_VERSION=5.4.3 # the version go-echarts v2.6.7 targets
# Same pins as the Dockerfile's ECHARTS_TGZ_SHA256 / ECHARTS_JS_SHA256.
ECHARTS_TGZ_SHA256=89f6b509a83b3694645a8ec0dc8808999bb96610eac9e718fbda4726bb694eaf # echarts-5.4.3.tgz
ECHARTS_SHA256=1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19     # dist/echarts.min.js
url="https://registry.npmjs.org/echarts/-/echarts-$ECHARTS_VERSION.tgz"
dest=${1:-}
cache=${NGNMM_ECHARTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ngnmm/echarts-$ECHARTS_VERSION}
verify() { echo "$2  $1" | sha256sum -c --status -; }
if [ -f "$cache/echarts.min.js" ] && verify "$cache/echarts.min.js" "$ECHARTS_SHA256"; then
  echo "echarts-assets: echarts $ECHARTS_VERSION cached in $cache"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tgz="$tmp/echarts-$ECHARTS_VERSION.tgz"
  if command -v curl >/dev/null; then
    echo "echarts-assets: downloading $url"
    curl -fsSL --retry 3 --connect-timeout 20 --max-time 300 -o "$tgz" "$url" ||
      { echo "echarts-assets: download of $url failed (offline? copy $cache from a machine that has it)" >&2; exit 1; }
  elif command -v npm >/dev/null; then
    echo "echarts-assets: npm pack echarts@$ECHARTS_VERSION"
    (cd "$tmp" && npm pack "echarts@$ECHARTS_VERSION" --silent >/dev/null)
  else
    echo "echarts-assets: neither curl nor npm found and no cached echarts in $cache (docker/install.sh installs curl)" >&2
    exit 1
  fi
  verify "$tgz" "$ECHARTS_TGZ_SHA256" || { echo "echarts-assets: SHA-256 mismatch for $url" >&2; exit 1; }
  tar -xzf "$tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE
  verify "$tmp/package/dist/echarts.min.js" "$ECHARTS_SHA256" ||
    { echo "echarts-assets: SHA-256 mismatch for echarts.min.js in $url" >&2; exit 1; }
  mkdir -p "$cache"
  cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$cache/"
  echo "echarts-assets: echarts $ECHARTS_VERSION cached in $cache"
fi
if [ -n "$dest" ]; then
  mkdir -p "$dest"
  cp "$cache/echarts.min.js" "$cache/LICENSE" "$cache/NOTICE" "$dest/"
fi
