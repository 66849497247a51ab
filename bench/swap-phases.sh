#!/usr/bin/env bash
# Where the time of a build-and-swap restore goes, phase by phase, beside the raw baseline
# (issue 11's target: at most 1.10x `gunzip -c | psql` into an empty database). One dump, the
# server logging every statement with its duration (log_min_duration_statement=0), and RUNS of:
#   raw        `gzip -dc | psql --single-transaction` into an empty `target` (the baseline);
#   beside     the same, but into an empty database while `target` holds the data (what the swap's
#              load does, without the swap's checks and steps);
#   sidecar    restore.sh over a full `target` (the swap, the file checked during the load);
#   host       `mvn dockstart:restore` over a full `target` (the same swap from the JVM), and
#   maven      `mvn dockstart:list` on the same project: Maven, the plugin and the project's
#              detection, no restore (the host's fixed cost, to subtract).
# For each: wall time, and the server's own time summed by statement kind (COPY, CREATE INDEX,
# ALTER TABLE, the rest). A server time close to the wall time means the server is the bottleneck.
#
# Usage: bench/swap-phases.sh     (SCALE=100 RUNS=3 FSYNC=on; needs postgresql, pgbench)
#        SETTLE_SECONDS=30 bench/swap-phases.sh  (a longer rest after each setup, 2 s by default)
#        SETTLE_TARGET=0 bench/swap-phases.sh   (the full target just copied, not vacuumed: autovacuum
#                                                then runs during the timed loads)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"
scale=${SCALE:-100}
runs=${RUNS:-3}
fsync=${FSYNC:-on}
pgbin=$BENCH_PGBIN
scripts=$BENCH_SCRIPTS
bench_workdir dockstart-swap-phases
work=$BENCH_WORK
password="bench-pw-$RANDOM"
psql_super() { PGPASSWORD=$password "$pgbin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }

bench_build_plugin
echo "Starting PostgreSQL..." >&2
bench_start_postgres "$work" "$password" -c fsync="$fsync" -c max_wal_size=4GB -c log_min_duration_statement=0 \
  -c "log_line_prefix='%m|%p|%d|'" -c log_checkpoints=on -c log_autovacuum_min_duration=0
port=$BENCH_PG_PORT
log=$work/data/server.log

echo "Filling a database with pgbench -i -s $scale and dumping it..." >&2
psql_super -d postgres -c "CREATE DATABASE source"
PGPASSWORD=$password "$pgbin/pgbench" -q -i -s "$scale" -h 127.0.0.1 -p "$port" -U postgres source >/dev/null 2>&1
mkdir -p "$work/backups"
stamp=$(date +%Y-%m-%dT%H-%M-%S)
backup=$work/backups/target-$stamp.sql.gz
PGPASSWORD=$password "$pgbin/pg_dump" -h 127.0.0.1 -p "$port" -U postgres source | gzip -1 >"$backup"
(cd "$work/backups" && sha256sum "$(basename "$backup")" >"$(basename "$backup").sha256")

bench_project "$work/project" swap-phases "jdbc:postgresql://127.0.0.1:$port/target" postgres "$password"
ln -s "$work/backups" "$work/project/backups"
mvn_quiet() { "$BENCH_ROOT/mvnw" -q -o -B -f "$work/project/pom.xml" "$@" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }; }

drop_targets() {
  psql_super -d postgres -At -c "SELECT format('DROP DATABASE %I', datname) FROM pg_database WHERE datname LIKE 'target%'" |
    while read -r statement; do psql_super -d postgres -c "$statement" >/dev/null; done
}
settle() { psql_super -d postgres -c CHECKPOINT >/dev/null; sleep "${SETTLE_SECONDS:-2}"; }
# target holds the data already, as a database in use does: settled, nothing left for autovacuum
# (a database just copied has no statistics, and autovacuum would work on it during the timed load)
full_target() {
  psql_super -d postgres -c "CREATE DATABASE target TEMPLATE source" >/dev/null
  if [ "${SETTLE_TARGET:-1}" = 1 ]; then psql_super -d target -c "VACUUM (FREEZE, ANALYZE)" >/dev/null; fi
}
load() { gzip -dc "$backup" | PGPASSWORD=$password "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 --single-transaction \
  -h 127.0.0.1 -p "$port" -U postgres -d "$1" -o /dev/null; }
# phase NAME COMMAND...: runs it, prints "NAME wall_ms" and the server's time in the log lines it added, by kind
phase() {
  local name=$1 before start
  shift
  before=$(wc -l <"$log")
  start=$(bench_now_ms)
  "$@"
  local wall=$(($(bench_now_ms) - start))
  tail -n +"$((before + 1))" "$log" | awk -F'|' -v name="$name" -v wall="$wall" '
    /duration: / {
      match($0, /duration: [0-9.]+ ms/); ms = substr($0, RSTART + 10, RLENGTH - 13) + 0
      kind = "other"
      if ($0 ~ /statement: COPY /) kind = "copy"; else if ($0 ~ /CREATE (UNIQUE )?INDEX/) kind = "index"
      else if ($0 ~ /ALTER TABLE/) kind = "alter"; else if ($0 ~ /COMMIT|END/) kind = "commit"
      t[kind] += ms; all += ms
    }
    /checkpoint complete/ { cp++ }
    /automatic (vacuum|analyze)/ { av++; if (ENVIRON["SHOW_AUTOVACUUM"] != "") print "  " $0 > "/dev/stderr" }
    END { printf "%s wall %d ms, server %d ms (copy %d, index %d, alter %d, commit %d, other %d), checkpoints %d, autovacuum runs %d\n",
            name, wall, all, t["copy"], t["index"], t["alter"], t["commit"], t["other"], cp, av }'
}
raw() { drop_targets; psql_super -d postgres -c "CREATE DATABASE target" >/dev/null; settle; phase raw load target; }
beside() {
  drop_targets
  full_target
  psql_super -d postgres -c "CREATE DATABASE target_beside" >/dev/null
  settle
  phase beside load target_beside
}
sidecar() {
  drop_targets
  full_target
  settle
  local shell=(sh)
  if command -v busybox >/dev/null; then shell=(busybox sh); fi
  phase sidecar env BACKUP_DIR="$work/backups" DB_TYPE=postgres DB_CONTAINER=target DB_HOST=127.0.0.1 DB_PORT="$port" \
    DB_NAME=target DB_USER=postgres DB_PASSWORD="$password" "${shell[@]}" "$scripts/restore.sh" "$backup" --yes 2>"$work/sidecar.log" ||
    { cat "$work/sidecar.log" >&2; exit 1; }
}

host() {
  drop_targets
  full_target
  settle
  phase host mvn_quiet dockstart:restore -Ddockstart.via=local -Ddockstart.yes -Ddockstart.backup="$(basename "$backup")"
  phase maven mvn_quiet dockstart:list
}

echo "restore phases: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), dump $(($(gzip -dc "$backup" | wc -c) / 1000000)) MB"
for i in $(seq "$runs"); do
  case $((i % 3)) in
    1) raw; beside; sidecar; host ;;
    2) beside; sidecar; host; raw ;;
    0) host; sidecar; raw; beside ;;
  esac
done
drop_targets
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
