#!/usr/bin/env bash
# Container entry point (CMD of the Dockerfile): Jupyter Notebook on
# 0.0.0.0:8888 inside the container, always with a token: $JUPYTER_TOKEN if
# set and not empty, else a random one. Prints the URL to open. The token is
# passed to Jupyter in its environment (JUPYTER_TOKEN), not on the command line
# (visible to every process in ps).
set -euo pipefail
token=${JUPYTER_TOKEN:-}
if [ -z "$token" ]; then
  token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
fi
[ -n "$token" ] || { echo "start.sh: could not make a token" >&2; exit 1; }
export JUPYTER_TOKEN="$token"
port=${JUPYTER_PORT:-8888}
work=$HOME/work
if [ -d "$work" ] && ! [ -w "$work" ]; then
  echo "start.sh: $work is not writable by uid $(id -u): chown the mounted folder to $(id -u)" \
    "or rebuild with --build-arg NB_UID=\$(id -u)" >&2
fi
echo "ngnmm lab: http://127.0.0.1:$port/?token=$token   (publish the port with docker run -p 127.0.0.1:$port:$port)"
exec jupyter notebook --no-browser --ip=0.0.0.0 --port="$port" --port-retries=0 \
  --notebook-dir="$HOME" "$@"
