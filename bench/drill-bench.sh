#!/usr/bin/env bash
# What a restore drill costs: the sidecar's `restore.sh --drill` of a PostgreSQL backup of about
# 1 GB of SQL text (SCALE=100), against the raw baseline `gunzip -c | psql` into an empty database.
#
# Starts its own PostgreSQL server (as user postgres when run as root) on a free loopback port,
# fills a database `source` with `pgbench -i` (scale SCALE, ~10 MB of dump text per unit), backs it
# up with the sidecar's backup.sh, then RUNS times each (order alternating between runs):
#   raw    an empty database `target`, `gzip -dc FILE | psql --single-transaction` into it (dropped untimed);
#   drill  `restore.sh --drill FILE`: the pre-restore check (checksum, the whole gzip stream,
#          header and end marker), CREATE DATABASE source_drill_<time>, the load, the figures of the
#          throwaway (count(*) of every table, ...), DROP DATABASE, and the figures of the live
#          `source` (count(*) again), which it compares.
# The figures of the live database alone are timed too (they read every table once).
#
# Usage: bench/drill-bench.sh     (SCALE=100 RUNS=3 FSYNC=on by default; needs postgresql, pgbench)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${SCALE:-100}
runs=${RUNS:-3}
fsync=${FSYNC:-on}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
scripts=$PWD/dockstart-core/src/main/resources/io/github/dockstart/rendering/scripts
work=$(mktemp -d /tmp/dockstart-drill-bench.XXXXXX)
chmod 755 "$work"
password="bench-pw-$RANDOM"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
shell=sh
command -v busybox >/dev/null && shell="busybox sh"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_postgres "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql_super() { PGPASSWORD=$password "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
sidecar() { # script args...: a sidecar script with the settings of container `source`
  BACKUP_DIR="$work/backups" DB_TYPE=postgres DB_CONTAINER=source DB_HOST=127.0.0.1 DB_PORT=$port DB_NAME=source \
    DB_USER=postgres DB_PASSWORD=$password $shell "$scripts/$1" "${@:2}"
}

echo "Starting PostgreSQL on port $port..." >&2
printf '%s\n' "$password" >"$work/pwfile"
mkdir "$work/data" "$work/backups"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$work/data" "$work/pwfile"; fi
as_postgres "$pgbin/initdb" -D "$work/data" -U postgres -A scram-sha-256 --pwfile="$work/pwfile" >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
  -o "-p $port -k $work/data -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_wal_size=4GB" start >/dev/null

echo "Filling a database with pgbench -i -s $scale..." >&2
psql_super -d postgres -c "CREATE DATABASE source"
PGPASSWORD=$password "$pgbin/pgbench" -q -i -s "$scale" -h 127.0.0.1 -p "$port" -U postgres source >/dev/null 2>&1
sidecar backup.sh 2>"$work/backup.log" || { cat "$work/backup.log" >&2; exit 1; }
backup=$(ls "$work/backups/"source-*.sql.gz)
dump_bytes=$(gzip -dc "$backup" | wc -c)

settle() {
  psql_super -d postgres -c "CHECKPOINT" >/dev/null
  sleep 2
}
time_raw() {
  psql_super -d postgres -c "DROP DATABASE IF EXISTS target" -c "CREATE DATABASE target" >/dev/null
  settle
  start=$(now_ms)
  gzip -dc "$backup" | PGPASSWORD=$password "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction \
    -h 127.0.0.1 -p "$port" -U postgres -d target -o /dev/null
  raw_times+=($(( $(now_ms) - start )))
  psql_super -d postgres -c "DROP DATABASE target" >/dev/null
}
time_drill() {
  settle
  start=$(now_ms)
  sidecar restore.sh --drill "$backup" 2>"$work/drill.log" || { cat "$work/drill.log" >&2; exit 1; }
  drill_times+=($(( $(now_ms) - start )))
  grep -q '^verdict: passed' "$backup.restore-test" || { cat "$work/drill.log" "$backup.restore-test" >&2; exit 1; }
  [ "$(psql_super -d postgres -At -c "SELECT count(*) FROM pg_database WHERE datname LIKE '%drill%'")" = 0 ] ||
    { echo "the drill left its throwaway database" >&2; exit 1; }
}
time_figures() {
  start=$(now_ms)
  psql_super -d source -At -f "$scripts/drill-postgres.sql" >/dev/null
  figures_times+=($(( $(now_ms) - start )))
}

raw_times=() drill_times=() figures_times=()
for i in $(seq "$runs"); do
  echo "Run $i of $runs..." >&2
  if [ $((i % 2)) -eq 1 ]; then time_raw; time_drill; else time_drill; time_raw; fi
  time_figures
done

raw=$(printf '%s\n' "${raw_times[@]}" | median)
drill=$(printf '%s\n' "${drill_times[@]}" | median)
figures=$(printf '%s\n' "${figures_times[@]}" | median)
echo
echo "drill benchmark: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F), PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }'), fsync=$fsync, SCALE=$scale, median of $runs runs"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| dump size (SQL text) | $((dump_bytes / 1000000)) MB, $(stat -c %s "$backup" | awk '{ printf "%d", $1 / 1000000 }') MB gzipped |"
echo "| \`gunzip -c \\| psql\` into an empty database (baseline) | ${raw} ms (runs: ${raw_times[*]}) |"
echo "| sidecar \`restore.sh --drill\`: check, load into a throwaway database, figures of both, drop | ${drill} ms (runs: ${drill_times[*]}) |"
echo "| drill / baseline | $(awk -v a="$drill" -v b="$raw" 'BEGIN { printf "%.2fx", a / b }') |"
echo "| the figures of the live database alone (drill-postgres.sql) | ${figures} ms (runs: ${figures_times[*]}) |"
echo "| figures of the restored copy | $(sed -n 's/^figures of the restored copy: //p' "$backup.restore-test") lines |"
