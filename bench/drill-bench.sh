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
. "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
scale=${SCALE:-100}
runs=${RUNS:-3}
fsync=${FSYNC:-on}
pgbin=$BENCH_PGBIN
scripts=$BENCH_SCRIPTS
bench_workdir dockstart-drill-bench
work=$BENCH_WORK
password="bench-pw-$RANDOM"
shell=sh
command -v busybox >/dev/null && shell="busybox sh"

psql_super() { PGPASSWORD=$password "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }
sidecar() { # script args...: a sidecar script with the settings of container `source`
  BACKUP_DIR="$work/backups" DB_TYPE=postgres DB_CONTAINER=source DB_HOST=127.0.0.1 DB_PORT=$port DB_NAME=source \
    DB_USER=postgres DB_PASSWORD=$password $shell "$scripts/$1" "${@:2}"
}

echo "Starting PostgreSQL..." >&2
mkdir "$work/backups"
bench_start_postgres "$work" "$password" -c fsync="$fsync" -c max_wal_size=4GB
port=$BENCH_PG_PORT

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
  start=$(bench_now_ms)
  gzip -dc "$backup" | PGPASSWORD=$password "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction \
    -h 127.0.0.1 -p "$port" -U postgres -d target -o /dev/null
  raw_times+=($(( $(bench_now_ms) - start )))
  psql_super -d postgres -c "DROP DATABASE target" >/dev/null
}
time_drill() {
  settle
  start=$(bench_now_ms)
  sidecar restore.sh --drill "$backup" 2>"$work/drill.log" || { cat "$work/drill.log" >&2; exit 1; }
  drill_times+=($(( $(bench_now_ms) - start )))
  grep -q '^verdict: passed' "$backup.restore-test" || { cat "$work/drill.log" "$backup.restore-test" >&2; exit 1; }
  [ "$(psql_super -d postgres -At -c "SELECT count(*) FROM pg_database WHERE datname LIKE '%drill%'")" = 0 ] ||
    { echo "the drill left its throwaway database" >&2; exit 1; }
}
time_figures() {
  start=$(bench_now_ms)
  psql_super -d source -At -f "$scripts/drill-postgres.sql" >/dev/null
  figures_times+=($(( $(bench_now_ms) - start )))
}

raw_times=() drill_times=() figures_times=()
for i in $(seq "$runs"); do
  echo "Run $i of $runs..." >&2
  if [ $((i % 2)) -eq 1 ]; then time_raw; time_drill; else time_drill; time_raw; fi
  time_figures
done

raw=$(printf '%s\n' "${raw_times[@]}" | bench_median)
drill=$(printf '%s\n' "${drill_times[@]}" | bench_median)
figures=$(printf '%s\n' "${figures_times[@]}" | bench_median)
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
