#!/usr/bin/env bash
# Put echarts.min.js (npm package echarts, pinned version, SHA-256 checked) and
# its LICENSE/NOTICE into DEST_DIR, for offline chart rendering
# (NGNMM_ECHARTS_ASSETS). The npm tarball is fetched once with `npm pack` and
# cached outside the repository, so later runs work offline.
# Usage: scripts/echarts-assets.sh DEST_DIR
# Env:   NGNMM_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/ngnmm)
set -euo pipefail
ECHARTS_VERSION=5.4.3 # the version go-echarts v2.6.7 targets
ECHARTS_SHA256=1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19 # dist/echarts.min.js
dest=${1:?usage: scripts/echarts-assets.sh DEST_DIR}
cache=${NGNMM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ngnmm}/echarts-$ECHARTS_VERSION
verify() { echo "$ECHARTS_SHA256  $1" | sha256sum -c --status -; }
if ! [ -f "$cache/echarts.min.js" ] || ! verify "$cache/echarts.min.js"; then
  command -v npm >/dev/null || { echo "echarts-assets: npm not found and no cached echarts in $cache" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "echarts@$ECHARTS_VERSION" --silent >/dev/null &&
    tar -xzf "echarts-$ECHARTS_VERSION.tgz" package/dist/echarts.min.js package/LICENSE package/NOTICE)
  verify "$tmp/package/dist/echarts.min.js" || { echo "echarts-assets: SHA-256 mismatch for echarts@$ECHARTS_VERSION" >&2; exit 1; }
  mkdir -p "$cache"
  cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$cache/"
fi
mkdir -p "$dest"
cp "$cache/echarts.min.js" "$cache/LICENSE" "$cache/NOTICE" "$dest/"
