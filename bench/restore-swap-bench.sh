#!/usr/bin/env bash
# PostgreSQL restore by build-and-swap, over a database that already holds the data, against the
# raw baseline `gunzip -c | psql` into an empty database, on the same dump of about 1 GB of SQL
# text; both sides: `mvn dockstart:restore` (host) and the sidecar's restore.sh.
#
# Starts its own PostgreSQL server (as user postgres when run as root) on a free loopback port,
# fills a database with `pgbench -i` (scale SCALE, ~10 MB of dump text per unit), backs it up with
# `dockstart:backup`, then RUNS times each (order rotating between runs):
#   raw      an empty database `target`, `gzip -dc FILE | psql --single-transaction` into it;
#   mvn      `target` already holds the data (a copy of the source, untimed), then
#            `mvn dockstart:restore`: it verifies the file, builds `target_restoring_<time>`, copies
#            the settings and grants, ends the sessions and swaps; the old `target` stays as
#            `target_before_restore_<time>` (the safety copy, dropped untimed after the run);
#   sidecar  the same with restore.sh (busybox sh when installed) instead of Maven.
# Maven's own start (`mvn validate` on the same project) is timed too and reported beside.
#
# Usage: bench/restore-swap-bench.sh     (SCALE=100 RUNS=3 FSYNC=on SETTLE_SECONDS=20 by default; needs postgresql, pgbench)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
scale=${SCALE:-100}
runs=${RUNS:-3}
fsync=${FSYNC:-on}
mvn_cmd=${MVN:-$PWD/mvnw}
pgbin=$BENCH_PGBIN
scripts=$BENCH_SCRIPTS
bench_workdir dockstart-swap-bench
work=$BENCH_WORK
password="bench-pw-$RANDOM"

psql_super() { PGPASSWORD=$password "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }

bench_build_plugin

echo "Starting PostgreSQL..." >&2
bench_start_postgres "$work" "$password" -c fsync="$fsync" -c max_wal_size=4GB
port=$BENCH_PG_PORT

project() { # dir database: a project whose configuration points at the server
  bench_project "$1" restore-bench "jdbc:postgresql://127.0.0.1:$port/$2" postgres "$password"
}

run_mvn() { # dir goal args...
  local dir=$1
  shift
  "$mvn_cmd" -q -o -B -f "$dir/pom.xml" "$@" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
}

echo "Filling a database with pgbench -i -s $scale..." >&2
psql_super -d postgres -c "CREATE DATABASE source"
PGPASSWORD=$password "$pgbin/pgbench" -q -i -s "$scale" -h 127.0.0.1 -p "$port" -U postgres source >/dev/null 2>&1
project "$work/large" source
run_mvn "$work/large" dockstart:backup -Ddockstart.via=local
backup=$(ls "$work/large/backups/"*.sql.gz)
dump_bytes=$(gzip -dc "$backup" | wc -c)
project "$work/restore" target
mkdir -p "$work/restore/backups"
cp "$backup" "$backup.sha256" "$work/restore/backups/"
name=$(basename "$backup")

# after each setup: its writes flushed, then a rest. The full target's setup writes several GB
# (the copy, its WAL, the vacuum); loads timed right after that ran 1-3 s slower on this VM's disk
# than after a rest (bench/swap-phases.sh), which a restore of a database long in use never sees.
settle() {
  psql_super -d postgres -c "CHECKPOINT" >/dev/null
  sleep "${SETTLE_SECONDS:-20}"
}
drop_all_targets() {
  psql_super -d postgres -At -c "SELECT format('DROP DATABASE %I', datname) FROM pg_database WHERE datname LIKE 'target%'" |
    while read -r statement; do psql_super -d postgres -c "$statement" >/dev/null; done
}
full_target() { # target holds the data already, as a database in use does
  drop_all_targets
  psql_super -d postgres -c "CREATE DATABASE target TEMPLATE source" >/dev/null
  # a database just copied has no statistics: autovacuum would vacuum and analyze it during the
  # timed restore (seen with bench/swap-phases.sh), which a database long in use does not need
  psql_super -d target -c "VACUUM (FREEZE, ANALYZE)" >/dev/null
  settle
}
time_raw() {
  drop_all_targets
  psql_super -d postgres -c "CREATE DATABASE target" >/dev/null
  settle
  start=$(bench_now_ms)
  gzip -dc "$backup" | PGPASSWORD=$password "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction \
    -h 127.0.0.1 -p "$port" -U postgres -d target -o /dev/null
  raw_times+=($(( $(bench_now_ms) - start )))
}
time_mvn() {
  full_target
  start=$(bench_now_ms)
  run_mvn "$work/restore" dockstart:restore -Ddockstart.via=local -Ddockstart.yes -Ddockstart.backup="$name"
  mvn_times+=($(( $(bench_now_ms) - start )))
  grep -q 'build beside and swap' "$work/mvn.log" || [ "$(psql_super -d postgres -At -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'target_before_restore_%'")" = 1 ] ||
    { echo "the host restore did not swap" >&2; exit 1; }
}
time_sidecar() {
  full_target
  shell=sh
  command -v busybox >/dev/null && shell="busybox sh"
  start=$(bench_now_ms)
  BACKUP_DIR="$work/restore/backups" DB_TYPE=postgres DB_CONTAINER=target DB_HOST=127.0.0.1 DB_PORT=$port DB_NAME=target \
    DB_USER=postgres DB_PASSWORD=$password $shell "$scripts/restore.sh" "$work/restore/backups/target-${name#*-}" --yes 2>"$work/sidecar.log" ||
    { cat "$work/sidecar.log" >&2; exit 1; }
  sidecar_times+=($(( $(bench_now_ms) - start )))
  grep -q 'build beside and swap' "$work/sidecar.log" || { cat "$work/sidecar.log" >&2; exit 1; }
}
time_maven_start() {
  start=$(bench_now_ms)
  run_mvn "$work/large" validate
  start_times+=($(( $(bench_now_ms) - start )))
}
# the sidecar finds the container by the file's name: a copy named for container "target"
ln "$work/restore/backups/$name" "$work/restore/backups/target-${name#*-}"
ln "$work/restore/backups/$name.sha256" "$work/restore/backups/target-${name#*-}.sha256"

raw_times=() mvn_times=() sidecar_times=() start_times=()
for i in $(seq "$runs"); do
  echo "Run $i of $runs..." >&2
  case $((i % 3)) in
    1) time_raw; time_mvn; time_sidecar ;;
    2) time_mvn; time_sidecar; time_raw ;;
    0) time_sidecar; time_raw; time_mvn ;;
  esac
  time_maven_start
done
drop_all_targets

raw=$(printf '%s\n' "${raw_times[@]}" | bench_median)
mvn=$(printf '%s\n' "${mvn_times[@]}" | bench_median)
sidecar=$(printf '%s\n' "${sidecar_times[@]}" | bench_median)
maven_start=$(printf '%s\n' "${start_times[@]}" | bench_median)
echo
echo "restore-swap benchmark: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F), PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }'), fsync=$fsync, median of $runs runs"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| dump size (SQL text) | $((dump_bytes / 1000000)) MB, $(stat -c %s "$backup" | awk '{ printf "%d", $1 / 1000000 }') MB gzipped |"
echo "| \`gunzip -c \\| psql\` into an empty database (baseline) | ${raw} ms (runs: ${raw_times[*]}) |"
echo "| \`mvn dockstart:restore\` over the full database, safety copy included | ${mvn} ms (runs: ${mvn_times[*]}) |"
echo "| Maven's own start (\`mvn validate\`, same project) | ${maven_start} ms (runs: ${start_times[*]}) |"
echo "| host: (mvn - Maven's start) / baseline | $(awk -v a="$mvn" -v s="$maven_start" -v b="$raw" 'BEGIN { printf "%.2fx", (a - s) / b }') (target at most 1.10x) |"
echo "| host, Maven's start included: mvn / baseline | $(awk -v a="$mvn" -v b="$raw" 'BEGIN { printf "%.2fx", a / b }') |"
echo "| sidecar \`restore.sh --yes\` over the full database, safety copy included | ${sidecar} ms (runs: ${sidecar_times[*]}) |"
echo "| sidecar / baseline | $(awk -v a="$sidecar" -v b="$raw" 'BEGIN { printf "%.2fx", a / b }') (target at most 1.10x) |"
