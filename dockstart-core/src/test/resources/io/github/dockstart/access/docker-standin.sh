#!/bin/sh
# A stand-in for `docker` in tests, on a machine without a Docker engine: it answers the
# `docker compose -f FILE ...` requests dockstart makes by running them locally, against real
# servers the test started. Everything behind it is real; only the container is not.
#
# DOCKER_STANDIN_DIR holds, for each service S:
#   S.env      lines VAR=value exported before an `exec` (e.g. PGHOST, PGPORT to reach the server)
#   S.running  present while the service counts as running
#   S.start    a command line that starts the server again (for `start`)
#   S.stop     a command line that stops it (for `stop`)
#   S.data     the local directory that stands for the container's /data (for `cp`)
# Every request is appended to DOCKER_STANDIN_DIR/requests.log, so tests can check what was asked.
set -eu
dir=${DOCKER_STANDIN_DIR:?DOCKER_STANDIN_DIR is not set}
printf '%s\n' "$*" >>"$dir/requests.log"

[ "${1:-}" = compose ] || { echo "docker stand-in: only 'docker compose' is supported" >&2; exit 2; }
shift
[ "${1:-}" = -f ] || { echo "docker stand-in: expected -f FILE" >&2; exit 2; }
[ -f "$2" ] || { echo "docker stand-in: no such compose file $2" >&2; exit 1; }
shift 2

command=$1
shift
case $command in
  ps)
    for marker in "$dir"/*.running; do
      [ -e "$marker" ] || continue
      name=${marker##*/}
      echo "${name%.running}"
    done
    ;;
  exec)
    [ "$1" = -T ] && shift
    service=$1
    shift
    [ -e "$dir/$service.running" ] || { echo "service \"$service\" is not running" >&2; exit 1; }
    if [ -f "$dir/$service.env" ]; then
      while IFS= read -r line; do
        export "${line?}"
      done <"$dir/$service.env"
    fi
    exec "$@"
    ;;
  stop)
    sh -c "$(cat "$dir/$1.stop")"
    rm -f "$dir/$1.running"
    ;;
  start)
    sh -c "$(cat "$dir/$1.start")"
    : >"$dir/$1.running"
    ;;
  cp)
    target=$2
    service=${target%%:*}
    path=${target#*:}
    case $path in
      /data/*) cp "$1" "$(cat "$dir/$service.data")/${path#/data/}" ;;
      *) echo "docker stand-in: cp only into /data" >&2; exit 1 ;;
    esac
    ;;
  *)
    echo "docker stand-in: unsupported command $command" >&2
    exit 2
    ;;
esac
