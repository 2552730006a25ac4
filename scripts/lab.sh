#!/usr/bin/env bash
# `./lab` / `make lab`: install what is missing (docker/install.sh lab), then start
# Jupyter Notebook on notebooks/, bound to 127.0.0.1 with a token, and print the URL.
# The token reaches Jupyter through the environment (JUPYTER_TOKEN), never the
# command line, so other users cannot read it with ps.
# Env: LAB_PORT (default 8888), LAB_IP (default 127.0.0.1),
#      NGNMM_TOKEN (default: random), NGNMM_ECHARTS_ASSETS (default: a local copy
#      of echarts in notebooks/assets/ if npm or the cache can provide it, else the CDN).
set -eEuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
docker/install.sh lab
export GOTOOLCHAIN=local PYDEVD_DISABLE_FILE_VALIDATION=1 PATH="/usr/local/go/bin:$PATH"
PATH="$(go env GOPATH)/bin:$PATH"
export PATH
if [ -z "${NGNMM_ECHARTS_ASSETS:-}" ] && scripts/echarts-assets.sh notebooks/assets 2>/dev/null; then
  # Relative to the notebook page; Jupyter redirects it to /files/assets/.
  export NGNMM_ECHARTS_ASSETS=assets/
fi
go mod download # so notebooks also work offline afterwards
token=${NGNMM_TOKEN:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}
port=${LAB_PORT:-8888}
ip=${LAB_IP:-127.0.0.1}
args=(--no-browser --ip="$ip" --port="$port" --port-retries=0 --notebook-dir="$(pwd)/notebooks")
export JUPYTER_TOKEN="$token"
[ "$(id -u)" != 0 ] || args+=(--allow-root)
if (: <"/dev/tcp/$ip/$port") 2>/dev/null; then
  echo "ngnmm lab: port $port on $ip is already in use (another Jupyter?); choose a free one, e.g. LAB_PORT=$((port + 1)) ./lab" >&2
  exit 1
fi
# Notebooks saved in the lab are committed without outputs: git's clean filter
# (.gitattributes) strips them, so running a notebook leaves git status clean.
if git rev-parse --git-dir >/dev/null 2>&1; then
  git config filter.ngnmm-nbstrip.clean "/usr/bin/python3 scripts/nbstrip.py"
fi
echo
echo "ngnmm lab: http://$ip:$port/?token=$token"
echo "           (charts load echarts from ${NGNMM_ECHARTS_ASSETS:-the go-echarts CDN}; Ctrl-C stops the server)"
echo
exec jupyter notebook "${args[@]}"
