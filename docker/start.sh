#!/usr/bin/env bash
# Container entry point (CMD of the Dockerfile): Jupyter Notebook on
# 0.0.0.0:8888 inside the container, always with a token: $JUPYTER_TOKEN if
# set and not empty, else a random one. Prints the URL to open.
set -euo pipefail
token=${JUPYTER_TOKEN:-}
if [ -z "$token" ]; then
  token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
fi
[ -n "$token" ] || { echo "start.sh: could not make a token" >&2; exit 1; }
port=${JUPYTER_PORT:-8888}
echo "ngnmm lab: http://127.0.0.1:$port/?token=$token   (publish the port with docker run -p $port:$port)"
exec jupyter notebook --no-browser --ip=0.0.0.0 --port="$port" --port-retries=0 \
  --notebook-dir="$HOME" --NotebookApp.token="$token" "$@"
