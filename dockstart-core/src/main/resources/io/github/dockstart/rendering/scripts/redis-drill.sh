#!/bin/sh
# shellcheck shell=dash
# The Redis half of the restore drill, one text for both sides: restore.sh sources it, and the
# host's RedisAccess runs it (`sh -c`, in the Redis service's container or on this machine) with
# a command after it. Needs redis-cli, and a Redis (or Valkey) server for the throwaway copy.

# redis_figures redis-cli-ARGS...: "keys dbN COUNT" per database (INFO keyspace) and "TYPE dbN
# COUNT" per type, counted by SCAN in steps of 1000 keys (a script per step, so a live server is
# held up for no longer than one step), at most REDIS_DRILL_SCAN_STEPS (1000) steps a database.
REDIS_TYPES_STEP='local r = redis.call("SCAN", ARGV[1], "COUNT", 1000) local n = {} for _, k in ipairs(r[2]) do local t = redis.call("TYPE", k).ok n[t] = (n[t] or 0) + 1 end local out = {r[1]} for t, c in pairs(n) do table.insert(out, t .. " " .. c) end return out'
redis_figures() {
  _info=$(redis-cli "$@" info keyspace) || return 1
  _dbs=$(printf '%s\n' "$_info" | tr -d '\r' | sed -n 's/^db\([0-9]*\):keys=\([0-9]*\),.*/\1 \2/p')
  [ -n "$_dbs" ] || case $_info in *"# Keyspace"*) ;; *) return 1 ;; esac
  printf '%s\n' "$_dbs" | while read -r _n _keys; do
    [ -n "$_n" ] || continue
    echo "keys db$_n $_keys"
    _cursor=0
    _steps=0
    while :; do
      _reply=$(redis-cli "$@" -n "$_n" eval "$REDIS_TYPES_STEP" 0 "$_cursor") || return 1
      _cursor=$(printf '%s\n' "$_reply" | head -n 1)
      case $_cursor in '' | *[!0-9]*) return 1 ;; esac
      printf '%s\n' "$_reply" | sed 1d
      _steps=$((_steps + 1))
      [ "$_cursor" != 0 ] || break
      if [ "$_steps" -ge "${REDIS_DRILL_SCAN_STEPS:-1000}" ]; then
        echo "over-limit db$_n types-not-counted"
        break
      fi
    done | awk -v db="db$_n" 'NF == 2 { n[$1] += $2 } $1 == "over-limit" { print } END { for (t in n) print t, db, n[t] }'
  done | LC_ALL=C sort
}

REDIS_DRILL_PID=''
redis_drill_stop() {
  [ -n "$REDIS_DRILL_PID" ] || return 0
  kill "$REDIS_DRILL_PID" 2>/dev/null || true
  wait "$REDIS_DRILL_PID" 2>/dev/null || true
  REDIS_DRILL_PID=''
}

# redis_throwaway_figures DIR SERVER: loads DIR/dump.rdb into a temporary SERVER (redis-server or
# valkey-server) on a unix socket in DIR (no TCP port, no persistence of its own), prints its
# figures and stops it. Status 3 when the server cannot read the snapshot's RDB format (a newer
# server wrote it: that proves nothing either way), 1 when it does not load or answer; the reason
# on stderr, the server's last log lines with it.
redis_throwaway_figures() {
  "$2" --port 0 --unixsocket "$1/redis.sock" --unixsocketperm 700 --dir "$1" \
    --dbfilename dump.rdb --appendonly no --save '' --daemonize no --logfile "$1/server.log" >/dev/null 2>&1 &
  REDIS_DRILL_PID=$!
  _waited=0
  until [ "$(redis-cli -s "$1/redis.sock" ping 2>/dev/null)" = PONG ]; do
    if ! kill -0 "$REDIS_DRILL_PID" 2>/dev/null; then
      redis_drill_stop
      if grep -q "Can't handle RDB format version" "$1/server.log" 2>/dev/null; then
        echo "$("$2" --version | cut -d ' ' -f 1-3) cannot read RDB format version $(head -c 9 "$1/dump.rdb" | tail -c 4) of this snapshot, which a newer server wrote; a drill needs a server at least as new as the live one" >&2
        return 3
      fi
      sed 's/^/  redis-server: /' "$1/server.log" 2>/dev/null | tail -n 5 >&2
      echo "the backup does not restore: the temporary Redis server did not load the snapshot" >&2
      return 1
    fi
    _waited=$((_waited + 1))
    if [ "$_waited" -ge "${REDIS_DRILL_TIMEOUT:-600}" ]; then
      redis_drill_stop
      echo "the temporary Redis server did not load the snapshot within ${REDIS_DRILL_TIMEOUT:-600} s" >&2
      return 1
    fi
    sleep 1
  done
  if ! redis_figures -s "$1/redis.sock"; then
    redis_drill_stop
    echo "cannot count the keys of the temporary Redis server" >&2
    return 1
  fi
  redis_drill_stop
}
