#!/bin/bash
# Benchmark of the sidecar's backup.sh against pg_dump alone and pg_dump | gzip -6.
#   bench/backup-bench.sh [RUNS]    (default 3 runs each; the median is reported)
# Builds a throwaway PostgreSQL cluster with about 1 GB of dump text (pgbench -i plus a
# table of less compressible text), then times, in one run:
#   limit     pg_dump > /dev/null
#   baseline  pg_dump | gzip -6 > file         (GNU gzip)
#   backup    backup.sh at its default settings (busybox sh, BusyBox applets first on PATH)
# and rotate.sh over 10,000 backups. Needs root or the postgres user, PostgreSQL 15,
# pgbench (postgresql-contrib), busybox, isal (igzip), pigz, gzip. Not a test: it only reports.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

RUNS=${1:-3}
SCRIPTS=$BENCH_SCRIPTS
BUSYBOX=$(command -v busybox)
PGBIN=$BENCH_PGBIN
bench_dump_database
WORK=$BENCH_WORK PORT=$BENCH_PG_PORT DUMP_BYTES=$BENCH_DUMP_BYTES SIDECAR_PATH=$BENCH_SIDECAR_PATH
PGOPT=(-h 127.0.0.1 -p "$PORT" -U postgres)

time_limit() {
  local t0; t0=$(bench_now); "$PGBIN/pg_dump" "${PGOPT[@]}" -d postgres >/dev/null; echo "$(bench_now) - $t0" | bc
}
time_baseline() {
  local t0; t0=$(bench_now); "$PGBIN/pg_dump" "${PGOPT[@]}" -d postgres | /bin/gzip -6 >"$WORK/baseline.sql.gz"; echo "$(bench_now) - $t0" | bc
}
time_backup() {
  rm -f "$WORK"/backups/*.gz "$WORK"/backups/*.sha256
  local t0; t0=$(bench_now)
  env -i PATH="$SIDECAR_PATH" TMPDIR="$WORK/tmp" TZ=UTC BACKUP_DIR="$WORK/backups" \
    DB_TYPE=postgres DB_CONTAINER=postgres DB_HOST=127.0.0.1 DB_PORT="$PORT" DB_NAME=postgres DB_USER=postgres \
    DB_PASSWORD="$PGPASSWORD" "$BUSYBOX" sh "$SCRIPTS/backup.sh" 2>"$WORK/backup.log" || { cat "$WORK/backup.log" >&2; exit 1; }
  echo "$(bench_now) - $t0" | bc
}

echo "== timing, $RUNS runs each (median)"
: >"$WORK/limit"; : >"$WORK/baseline"; : >"$WORK/backup"
for _ in $(seq "$RUNS"); do
  time_limit >>"$WORK/limit"
  time_baseline >>"$WORK/baseline"
  time_backup >>"$WORK/backup"
done
LIMIT=$(bench_median <"$WORK/limit")
BASE=$(bench_median <"$WORK/baseline")
BACKUP=$(bench_median <"$WORK/backup")
BASE_SIZE=$(stat -c %s "$WORK/baseline.sql.gz")
BACKUP_SIZE=$(stat -c %s "$WORK"/backups/postgres-*.sql.gz)

echo "== rotate.sh over 10,000 backups"
mkdir -p "$WORK/rot"
awk 'BEGIN { for (i = 0; i < 10000; i++) { t = 946684800 + i * 3600; printf "app-%s.sql.gz\n", strftime("%Y-%m-%dT%H-%M-%S", t, 1) } }' |
  while read -r f; do : >"$WORK/rot/$f"; printf '0  %s\n' "$f" >"$WORK/rot/$f.sha256"; done
t0=$(bench_now)
env -i PATH="$SIDECAR_PATH" TMPDIR="$WORK/tmp" TZ=UTC BACKUP_DIR="$WORK/rot" DB_TYPE=postgres DB_CONTAINER=app \
  DB_NAME=x DB_USER=x "$BUSYBOX" sh "$SCRIPTS/rotate.sh" 2>"$WORK/rotate.log"
ROTATE=$(echo "$(bench_now) - $t0" | bc)
LEFT=$(ls "$WORK/rot" | wc -l)

printf '\n%-42s %8s\n' "measure" "value"
printf '%-42s %8.2f s   runs: %s\n' "limit: pg_dump > /dev/null" "$LIMIT" "$(tr '\n' ' ' <"$WORK/limit")"
printf '%-42s %8.2f s   runs: %s\n' "baseline: pg_dump | gzip -6 > file" "$BASE" "$(tr '\n' ' ' <"$WORK/baseline")"
printf '%-42s %8.2f s   runs: %s\n' "backup.sh (default settings)" "$BACKUP" "$(tr '\n' ' ' <"$WORK/backup")"
printf '%-42s %8.3f   (target <= 0.9)\n' "backup.sh / baseline" "$(echo "$BACKUP / $BASE" | bc -l)"
printf '%-42s %8.3f   (target <= 1.5)\n' "backup.sh / limit" "$(echo "$BACKUP / $LIMIT" | bc -l)"
printf '%-42s %8d bytes\n' "dump text" "$DUMP_BYTES"
printf '%-42s %8d bytes\n' "baseline file" "$BASE_SIZE"
printf '%-42s %8d bytes\n' "backup.sh file" "$BACKUP_SIZE"
printf '%-42s %8.4f   (target <= 1.05)\n' "backup.sh size / baseline size" "$(echo "$BACKUP_SIZE / $BASE_SIZE" | bc -l)"
printf '%-42s %8.2f s   (%s files left of 20,000)\n' "rotate.sh over 10,000 backups" "$ROTATE" "$LEFT"
