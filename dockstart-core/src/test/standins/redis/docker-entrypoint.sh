#!/bin/sh
# Stand-in for the official redis image's docker-entrypoint.sh (written from its
# documented behaviour, not copied).
set -e

# "-..." options or a "*.conf" file as the first argument are meant for redis-server
_first=${1:-}
if [ "${_first#-}" != "$_first" ] || [ "${_first%.conf}" != "$_first" ]; then
  set -- redis-server "$@"
fi

# Root only prepares /data: Redis itself runs as the redis user. The re-exec keeps the
# arguments and standard input (a configuration read with "redis-server -").
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi

# files Redis writes (dump.rdb, appendonly files) are for its user alone
if [ "$(umask)" = 0022 ]; then
  umask 0077
fi

# Without a configuration file that decides otherwise, answer clients on every interface
# (the container's network is the boundary), like the official image.
if [ "${1:-}" = redis-server ]; then
  _config=
  _protected=yes
  if [ -f "${2:-}" ]; then
    _config=$2
    if grep -q '^protected-mode' "$_config"; then
      _protected=
    fi
  fi
  if [ -n "$_protected" ]; then
    shift
    if [ -n "$_config" ]; then
      shift
      set -- "$_config" --protected-mode no "$@"
    else
      set -- --protected-mode no "$@"
    fi
    set -- redis-server "$@"
  fi
fi

exec "$@"
