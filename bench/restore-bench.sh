#!/usr/bin/env bash
# `mvn dockstart:restore` against the raw baseline `gunzip -c | psql`, on the same dump of
# about 1 GB of SQL text, and the restoring JVM's peak memory for a small and a large dump.
#
# Starts its own PostgreSQL server (as user postgres when run as root) on a free loopback port,
# fills a database with `pgbench -i` (scale SCALE, ~10 MB of dump text per unit), backs it up
# with `dockstart:backup`, then restores that backup RUNS times each way into a fresh, empty
# database (so the restore's safety backup has nothing to save) and reports medians.
#
# The server runs with PostgreSQL's defaults (fsync on), as a developer's database does;
# FSYNC=off makes both ways faster and the fixed cost of starting Maven weigh more.
#
# Maven's own start is timed too (`validate` on the same project: no dockstart code runs), so
# the report shows how much of the difference is Maven before the goal begins.
#
# Usage: bench/restore-bench.sh            (SCALE=100 RUNS=3 FSYNC=on by default; needs postgresql, pgbench)
#        MVN=mvn bench/restore-bench.sh    (time the machine's Maven instead of ./mvnw)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${SCALE:-100}
runs=${RUNS:-3}
fsync=${FSYNC:-on}
mvn_cmd=${MVN:-$PWD/mvnw}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_workdir dockstart-bench
work=$BENCH_WORK
pgbin=$BENCH_PGBIN
password="bench-pw-$RANDOM"

psql_super() { PGPASSWORD=$password "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }

bench_build_plugin

echo "Starting PostgreSQL..." >&2
bench_start_postgres "$work" "$password" -c fsync="$fsync" -c max_wal_size=4GB
port=$BENCH_PG_PORT

fresh_database() { # name: an empty database
  psql_super -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
}

project() { # dir database: a project whose configuration points at the server
  bench_project "$1" restore-bench "jdbc:postgresql://127.0.0.1:$port/$2" postgres "$password"
}

mvn_peak_rss_kb=0
run_mvn() { # dir goal args...: runs Maven, records the JVM's peak RSS (VmHWM) in mvn_peak_rss_kb
  local dir=$1 pid peak=0 hwm
  shift
  "$mvn_cmd" -q -o -B -f "$dir/pom.xml" "$@" >"$work/mvn.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
    sleep 0.2
  done
  wait "$pid" || { cat "$work/mvn.log" >&2; exit 1; }
  mvn_peak_rss_kb=$peak
}

echo "Filling a database with pgbench -i -s $scale..." >&2
fresh_database source
PGPASSWORD=$password "$pgbin/pgbench" -q -i -s "$scale" -h 127.0.0.1 -p "$port" -U postgres source >/dev/null 2>&1
project "$work/large" source
run_mvn "$work/large" dockstart:backup -Ddockstart.via=local
large_backup=$(ls "$work/large/backups/"*.sql.gz)
dump_bytes=$(gzip -dc "$large_backup" | wc -c)

fresh_database small
psql_super -d small -c "CREATE TABLE t AS SELECT i, md5(i::text) AS h FROM generate_series(1, 15000) AS i" >/dev/null
project "$work/small" small
run_mvn "$work/small" dockstart:backup -Ddockstart.via=local
small_backup=$(ls "$work/small/backups/"*.sql.gz)
small_bytes=$(gzip -dc "$small_backup" | wc -c)

quiet_target() { # an empty target database, and a server that has finished the previous run's work
  fresh_database target
  psql_super -d postgres -c "CHECKPOINT" >/dev/null
  sleep 2
}
time_raw() {
  quiet_target
  start=$(bench_now_ms)
  gzip -dc "$large_backup" | PGPASSWORD=$password "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction \
    -h 127.0.0.1 -p "$port" -U postgres -d target -o /dev/null
  raw_times+=($(( $(bench_now_ms) - start )))
}
time_mvn() {
  quiet_target
  rm -rf "$work/restore"
  project "$work/restore" target
  mkdir -p "$work/restore/backups"
  cp "$large_backup" "$large_backup.sha256" "$work/restore/backups/"
  start=$(bench_now_ms)
  run_mvn "$work/restore" dockstart:restore -Ddockstart.via=local -Ddockstart.yes -Ddockstart.backup="$(basename "$large_backup")"
  mvn_times+=($(( $(bench_now_ms) - start )))
  large_rss+=("$mvn_peak_rss_kb")
}

time_maven_start() {
  start=$(bench_now_ms)
  run_mvn "$work/large" validate
  start_times+=($(( $(bench_now_ms) - start )))
}

raw_times=() mvn_times=() large_rss=() start_times=()
for i in $(seq "$runs"); do
  echo "Run $i of $runs..." >&2
  # alternate the order, so that neither way always follows the other's load
  if [ $((i % 2)) -eq 1 ]; then time_raw; time_mvn; else time_mvn; time_raw; fi
  time_maven_start
done
rm -rf "$work/restore"

fresh_database target
project "$work/restore" target
mkdir -p "$work/restore/backups"
cp "$small_backup" "$small_backup.sha256" "$work/restore/backups/"
run_mvn "$work/restore" dockstart:restore -Ddockstart.via=local -Ddockstart.yes -Ddockstart.backup="$(basename "$small_backup")"
small_rss=$mvn_peak_rss_kb

raw=$(printf '%s\n' "${raw_times[@]}" | bench_median)
mvn=$(printf '%s\n' "${mvn_times[@]}" | bench_median)
maven_start=$(printf '%s\n' "${start_times[@]}" | bench_median)
large_rss_median=$(printf '%s\n' "${large_rss[@]}" | bench_median)
echo
echo "restore benchmark: $(nproc) cores, $(date -u +%F), PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }'), fsync=$fsync, median of $runs runs"
echo "Maven: $mvn_cmd ($("$mvn_cmd" -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g'))"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| dump size (SQL text) | $((dump_bytes / 1000000)) MB, $(stat -c %s "$large_backup" | awk '{ printf "%d", $1 / 1000000 }') MB gzipped |"
echo "| \`gunzip -c \\| psql\` (baseline) | ${raw} ms (runs: ${raw_times[*]}) |"
echo "| \`mvn dockstart:restore -Ddockstart.via=local\` | ${mvn} ms (runs: ${mvn_times[*]}) |"
echo "| ratio | $(awk -v a="$mvn" -v b="$raw" 'BEGIN { printf "%.2fx", a / b }') (target at most 1.10x) |"
echo "| Maven's own start (\`mvn validate\` on the same project) | ${maven_start} ms (runs: ${start_times[*]}) |"
echo "| floor: (baseline + Maven's start) / baseline | $(awk -v a="$maven_start" -v b="$raw" 'BEGIN { printf "%.2fx", (a + b) / b }') |"
echo "| dockstart's own time beyond the baseline | $((mvn - raw - maven_start)) ms |"
echo "| JVM peak RSS, $((small_bytes / 1000)) kB dump | $((small_rss / 1024)) MB |"
echo "| JVM peak RSS, $((dump_bytes / 1000000)) MB dump | $((large_rss_median / 1024)) MB |"
echo "| RSS difference | $(( (large_rss_median - small_rss) / 1024 )) MB (target within 32 MB) |"
