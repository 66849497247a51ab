#!/bin/sh
# dockstart backup sidecar: restore one backup.
#   restore.sh FILE [--yes]
#   restore.sh latest [CONTAINER] [--yes]   the newest backup of the container (never a safety copy)
#   restore.sh --drill FILE | latest [CONTAINER]   a restore drill: see "restore drill" below
# FILE is a path or a name in BACKUP_DIR. Before anything touches a database the file
# is checked: it exists, is no symbolic link and lies in BACKUP_DIR, its name is the
# backup pattern of a configured container whose type matches the file's extension,
# its .sha256 matches, the gzip stream is whole, and its content is a whole dump of
# that database type (the client's header and end marker; an RDB's end-of-file opcode;
# SQLite's integrity check), the same rule as the host's BackupContent. Then it asks
# for confirmation unless --yes is given. A PostgreSQL restore built beside the live database
# checks only the start of the file before (checksum file, gzip magic, pg_dump's header) and the
# rest while it loads, in the same pass: the SHA-256, the gzip CRC and the end marker; the new
# database is swapped in only if all of them and psql passed, else it is dropped.
# Before MySQL/MariaDB or SQLite data is replaced, a safety copy of it is written into
# BACKUP_DIR/safety/ (backup.sh --safety-copy): not a backup, so never "latest" and never
# counted by BACKUP_KEEP_MIN; rotation keeps the newest BACKUP_SAFETY_KEEP of them.
# PostgreSQL: psql in one transaction that stops at the first error.
# MySQL/MariaDB: the client, which stops at the first error; each table's DROP/CREATE commits
#   at once, so a failure leaves the database partly restored: the log says so and names the
#   safety copy that brings it back.
# Redis: with the server stopped and REDIS_DATA_DIR set, dump.rdb is replaced
#   atomically, and append-only files (which Redis would load instead) are made to hold
#   the snapshot too; the key count Redis must show once started is logged. While the
#   server answers, the exact manual steps are printed (exit 3).
# SQLite: DB_PATH is replaced atomically (SQLITE_STOP_CONTAINER is stopped around it) while no
#   other process has it open; while one does, it refuses (exit 3). A WAL database comes back in
#   WAL mode.
set -eu
set -o pipefail

SCRIPT_NAME=restore.sh
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
# shellcheck source=content.sh
. "$SCRIPT_DIR/content.sh"
# shellcheck source=clients.sh
. "$SCRIPT_DIR/clients.sh"
# shellcheck source=redis-drill.sh
. "$SCRIPT_DIR/redis-drill.sh"

usage() {
  echo "usage: restore.sh FILE [--yes]   (FILE: a path, or a name in $BACKUP_DIR)" >&2
  echo "       restore.sh latest [CONTAINER] [--yes]" >&2
  echo "       restore.sh --drill FILE | latest [CONTAINER]   (restore into a throwaway target and compare)" >&2
  exit 2
}

refuse() {
  LAST_ERROR="refusing to restore: $*"
  log "ERROR: refusing to restore: $*"
  exit 1
}

manual() {
  log "ERROR: $1"
  shift
  for _line in "$@"; do
    printf '%s\n' "$_line" >&2
  done
  exit 3
}

STOPPED=''
on_exit_hook() {
  # a reader left waiting on its pipe (the restore was stopped before tee opened it)
  [ -z "$SUM_PID" ] || kill "$SUM_PID" 2>/dev/null || true
  pg_cleanup
  my_drill_cleanup
  redis_drill_stop
  if [ -n "$DRILL" ] && [ -z "$DRILL_DONE" ] && [ -n "${CONTAINER:-}" ]; then
    [ -d "$WORK_DIR" ] || WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dockstart.XXXXXX") || WORK_DIR=/nonexistent
    : >"$WORK_DIR/restored" 2>/dev/null || true
    drill_result failed "${LAST_ERROR:-the drill stopped (status ${EXIT_STATUS:-?}); see the log}"
    rm -rf "$WORK_DIR"
  fi
  if [ -n "$STOPPED" ]; then
    if docker start "$STOPPED" >/dev/null 2>&1; then
      log "started container $STOPPED again"
    else
      log "ERROR: could not start container $STOPPED again: start it by hand"
    fi
    STOPPED=''
  fi
  release_lock
}

# find_container NAME: the configured container whose backup pattern NAME matches.
find_container() {
  for _c in $(configured_containers); do
    _want=$(type_extension "$(db_type "$_c")")
    for _e in sql rdb db; do
      if is_backup_name "$1" "$_c" "$_e"; then
        [ "$_e" = "$_want" ] ||
          refuse "$1 is a .$_e backup, but container $_c is a $(db_type "$_c") database (expects .$_want)"
        printf '%s' "$_c"
        return 0
      fi
    done
  done
  refuse "$1 is not named like a backup of a configured container ({container}-{YYYY-MM-DD}T{HH-MM-SS}.{ext}.gz; configured: $(configured_containers | tr '\n' ' '))"
}

# verify_start: the checks that need no pass over the whole file: its .sha256 holds a SHA-256, it
# is a gzip stream, and the start of what it decompresses to is a dump of its type. Enough before a
# PostgreSQL build-and-swap, which checks the rest while it loads (pg_load_checked); every other
# restore runs verify_file before it touches anything. A start that is wrong gets the whole check,
# so that the message names the first problem in its order (a corrupt gzip stream, say).
verify_start() {
  _sumfile="$FILE.sha256"
  [ -f "$_sumfile" ] || refuse "the checksum file $_sumfile is missing"
  EXPECTED_SUM=$(checksum_in "$_sumfile") || refuse "the checksum file $_sumfile is empty or holds no SHA-256"
  _problem=$(start_problem)
  if [ -n "$_problem" ]; then
    verify_rest
    refuse "$_problem"
  fi
}

# verify_file: verify_start, then the whole file.
verify_file() {
  verify_start
  verify_rest
}

# start_problem: what is wrong with the start of FILE (gzip magic, the header of its type), or nothing.
start_problem() {
  if [ "$(head -c 2 "$FILE" | od -An -tx1 | tr -d ' \n')" != 1f8b ]; then
    echo "$FILE is not a valid gzip file (it does not start with the gzip magic bytes)"
    return 0
  fi
  # head closes the pipe early on purpose; the whole stream is checked elsewhere
  _head=$($DECOMPRESS "$FILE" 2>/dev/null | head -c 64 | tr -d '\000' || true)
  case $TYPE in
    postgres)
      _head=$($DECOMPRESS "$FILE" 2>/dev/null | pg_dump_head | tr -d '\000' || true)
      dump_header_ok postgres "$_head" || echo "$FILE is not a PostgreSQL dump" ;;
    mysql | mariadb) dump_header_ok mysql "$_head" || echo "$FILE is not a MySQL/MariaDB dump" ;;
    redis) case $_head in REDIS*) ;; *) echo "$FILE is not a Redis RDB snapshot" ;; esac ;;
    sqlite) case $_head in "SQLite format 3"*) ;; *) echo "$FILE is not an SQLite database" ;; esac ;;
  esac
}

# verify_rest: its checksum, the gzip stream to its end (CRC and length), the start, and the end of
# the content (end marker; RDB end-of-file opcode; SQLite's integrity check).
verify_rest() {
  [ "$(sha256_of "$FILE")" = "$EXPECTED_SUM" ] || refuse "$(checksum_mismatch)"
  # one pass decompresses everything (CRC and length checked) and keeps the end
  $DECOMPRESS "$FILE" 2>"$WORK_DIR/err" | tail -c 200 >"$WORK_DIR/tail" || refuse "$(gzip_problem)"
  _problem=$(start_problem)
  [ -z "$_problem" ] || refuse "$_problem"
  case $TYPE in
    postgres) grep -q -- "$PG_END" "$WORK_DIR/tail" || refuse "$(pg_end_missing)" ;;
    mysql | mariadb)
      grep -q -- '-- Dump completed' "$WORK_DIR/tail" || refuse "$FILE is an incomplete MySQL/MariaDB dump (no end marker)" ;;
    redis)
      rdb_trailing_bytes "$WORK_DIR/tail" >/dev/null ||
        refuse "$FILE is an incomplete Redis RDB snapshot (no end-of-file marker)" ;;
    sqlite)
      # the decompressed copy must pass SQLite's own integrity check before anything is touched
      (umask 077 && $DECOMPRESS "$FILE" >"$WORK_DIR/check.db") 2>/dev/null || refuse "cannot decompress $FILE into $WORK_DIR"
      _check=$(sqlite3 -readonly "$WORK_DIR/check.db" 'PRAGMA integrity_check;' 2>&1 || true)
      rm -f "$WORK_DIR/check.db"
      [ "$_check" = ok ] || refuse "$FILE holds an SQLite database that fails PRAGMA integrity_check: $(printf '%s' "$_check" | head -n 1)" ;;
  esac
}

# what is wrong with FILE, one sentence each (verify_file and pg_load_checked say the same)
PG_END='-- PostgreSQL database dump complete'
checksum_mismatch() {
  echo "checksum mismatch: $FILE does not match $FILE.sha256 (the file is damaged or was changed)"
}
gzip_problem() {
  echo "$FILE is not a valid gzip file (truncated or corrupt): $(head -n 1 "$WORK_DIR/err")"
}
pg_end_missing() {
  echo "$FILE is an incomplete PostgreSQL dump (no end marker)"
}

# require_plain_file_in_backup_dir: FILE is a regular file that really lies in BACKUP_DIR.
# A symbolic link (wherever it points) or a path through a linked directory is refused,
# so a file planted in the backup directory cannot lead a restore to data outside it.
# The same rule as the host's BackupDirectory.
require_plain_file_in_backup_dir() {
  [ ! -L "$FILE" ] || refuse "$FILE is a symbolic link; restore.sh restores only regular files, never what a link points to"
  _real=$(readlink -f "$FILE" 2>/dev/null) || refuse "$FILE cannot be resolved"
  _real_dir=$(readlink -f "$BACKUP_DIR" 2>/dev/null) || refuse "the backup directory $BACKUP_DIR cannot be resolved"
  case $_real in
    "$_real_dir"/*) ;;
    *) refuse "$FILE resolves to $_real, outside the backup directory $BACKUP_DIR; copy the file into $BACKUP_DIR and give its name" ;;
  esac
}

confirm() {
  [ -n "$YES" ] && return 0
  printf 'Restore %s into %s? This replaces its current data. Type yes to continue: ' "$FILE" "$1" >&2
  _answer=''
  read -r _answer || true
  case $_answer in
    y | Y | yes | YES | Yes) ;;
    *) log "restore cancelled: no confirmation (answer yes, or pass --yes)"; exit 1 ;;
  esac
}

# --- PostgreSQL: build beside the live database, check, then swap -----------------
# The backup is restored into a new database beside the live one (DB_restoring_STAMP). If
# anything fails, that one is dropped: the live database was never touched. Once it is
# complete, it takes over the live database's settings, owner and grants, the sessions on the
# live database are ended (no new ones meanwhile) and two renames in one transaction swap
# them. The old database stays as DB_before_restore_STAMP: the safety copy, back by a rename.
# Where the user may not create databases (or does not own the live one), the dump is
# restored in place in one transaction, and the log says so.

# pg_load DATABASE: the backup into DATABASE, in one transaction that stops at the first error.
pg_load() {
  $DECOMPRESS "$FILE" | psql -X -q --no-password -v ON_ERROR_STOP=1 --single-transaction \
    --dbname="$1" -f - -o /dev/null 2>"$WORK_DIR/err"
}

# pg_load_checked DATABASE: pg_load, checking the file in the same pass over it: tee hands the
# compressed bytes to sha256sum as well, the decompressor checks the gzip CRC and length, and
# psql echoes what it reads (-a: the SQL, not COPY's rows) so that its last bytes show the end
# marker. Status 0 only when psql succeeded and every check passed; else LOAD_PROBLEM says which
# check failed (empty when psql failed on a file that passed them).
LOAD_PROBLEM=''
SUM_PID=''
pg_load_checked() {
  LOAD_PROBLEM=''
  _fifo="$WORK_DIR/compressed"
  mkfifo "$_fifo" || die "cannot create a pipe in $WORK_DIR"
  sha256sum <"$_fifo" >"$WORK_DIR/sum" 2>/dev/null &
  SUM_PID=$!
  # each stage's own status: under pipefail the pipeline's says only that one of them failed
  tee "$_fifo" <"$FILE" | {
    _s=0
    $DECOMPRESS 2>"$WORK_DIR/gzerr" || _s=$?
    echo "$_s" >"$WORK_DIR/gz.status"
  } | {
    _s=0
    psql -X -q -a --no-password -v ON_ERROR_STOP=1 --single-transaction \
      --dbname="$1" -f - -o /dev/null 2>"$WORK_DIR/err" || _s=$?
    echo "$_s" >"$WORK_DIR/psql.status"
  } | tail -c 200 >"$WORK_DIR/tail" || true
  wait "$SUM_PID" || true
  SUM_PID=''
  _gz=$(cat "$WORK_DIR/gz.status" 2>/dev/null || echo 1)
  if [ "$(cat "$WORK_DIR/psql.status" 2>/dev/null || echo 1)" != 0 ]; then
    # psql stopped early, so the checks saw only part of the file: the full check says whether it
    # is bad (in a subshell that keeps the exit trap and psql's errors out of it)
    cp "$WORK_DIR/err" "$WORK_DIR/err.psql"
    if ! _why=$( (trap - EXIT; verify_file) 2>&1); then
      LOAD_PROBLEM=$(printf '%s\n' "$_why" | sed -n 's/^.*ERROR: refusing to restore: //p' | head -n 1)
    fi
    cp "$WORK_DIR/err.psql" "$WORK_DIR/err"
    return 1
  fi
  if [ "$_gz" -ne 0 ]; then
    cp "$WORK_DIR/gzerr" "$WORK_DIR/err"
    LOAD_PROBLEM=$(gzip_problem)
  elif [ "$(cut -d' ' -f1 "$WORK_DIR/sum")" != "$EXPECTED_SUM" ]; then
    LOAD_PROBLEM=$(checksum_mismatch)
  elif ! grep -q -- "$PG_END" "$WORK_DIR/tail"; then
    LOAD_PROBLEM=$(pg_end_missing)
  fi
  [ -z "$LOAD_PROBLEM" ]
}

psql_errors() {
  grep -v '^psql:.*WARNING:  dockstart: ' "$WORK_DIR/err" | sed 's/^/  psql: /' | head -n 20 >&2
}

# the roles the backup's first section created (see pg_roles_section in clients.sh)
report_created_roles() {
  sed -n 's/^.*WARNING:  dockstart: \(.*\)$/\1/p' "$WORK_DIR/err" | while IFS= read -r _line; do log "$_line"; done
}

# swap_refusal: empty when build-and-swap can run, else why not (for the log).
swap_refusal() {
  _facts=$(pg_sql "$DB" <<'SQL'
SELECT (r.rolcreatedb OR r.rolsuper)::text || '|' || pg_has_role(d.datdba, 'MEMBER')::text || '|' || pg_database_size(d.oid)
  FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user;
SQL
) || { echo "cannot read the facts of database $DB"; return 0; }
  LIVE_BYTES=${_facts##*|}
  case $_facts in
    false\|*) echo "user $USER_NAME may not create databases (no CREATEDB)"; return 0 ;;
    *\|false\|*) echo "user $USER_NAME does not own database $DB"; return 0 ;;
  esac
  # NAMEDATALEN: 63 bytes, of which the suffix _before_restore_YYYYMMDDTHHMMSS takes 31
  [ "$(printf '%s' "$DB" | wc -c)" -le 32 ] || { echo "the name $DB is too long to add _before_restore_<time> to it"; return 0; }
  MAINT_DB=$(maintenance_database) || { echo "user $USER_NAME cannot connect to the database postgres or template1, from where the swap runs"; return 0; }
}

# Dropped again when the restore stops before the swap (or the drill ends), however it stops.
BUILDING_DB=''
BUILDING_WHAT=unfinished
CLOSED_DB=''
pg_cleanup() {
  if [ -n "$CLOSED_DB" ]; then
    printf 'ALTER DATABASE %s WITH ALLOW_CONNECTIONS true;\n' ':"db"' | pg_sql "$MAINT_DB" -v db="$CLOSED_DB" >/dev/null 2>&1 ||
      log "ERROR: could not allow connections to database $CLOSED_DB again: ALTER DATABASE \"$CLOSED_DB\" WITH ALLOW_CONNECTIONS true"
    CLOSED_DB=''
  fi
  if [ -n "$BUILDING_DB" ]; then
    # the scratch directory may be gone already (on exit): the error goes into a variable
    if _drop_err=$(echo 'DROP DATABASE IF EXISTS :"db";' | pg_sql "$MAINT_DB" -v db="$BUILDING_DB" 2>&1 >/dev/null); then
      log "dropped the $BUILDING_WHAT database $BUILDING_DB"
    else
      log "ERROR: could not drop the $BUILDING_WHAT database $BUILDING_DB ($(printf '%s' "$_drop_err" | head -n 1)); drop it with: DROP DATABASE \"$BUILDING_DB\""
    fi
    BUILDING_DB=''
  fi
}

# pg_create_beside NEW: an empty database NEW with the live database's owner, encoding and
# locale, to restore into (the swap) or to drill on. BUILDING_DB names it from then on, so that
# pg_cleanup drops it however the script ends; a name that exists already is never taken over.
pg_create_beside() {
  BUILDING_DB=$1
  pg_sql "$MAINT_DB" -v db="$DB" -v new="$1" <"$SCRIPT_DIR/pg-create-beside.sql" >/dev/null 2>"$WORK_DIR/err" ||
    { BUILDING_DB=''; return 1; }
}

# pg_copy_properties NEW: gives NEW the live database's settings, comment, connection limit and
# grants (none of which pg_dump writes without --create). The owner came with CREATE DATABASE.
# The SQL is the host's too (pg-copy-properties.sql, beside this script).
pg_copy_properties() {
  pg_sql "$MAINT_DB" -v db="$DB" -v new="$1" >/dev/null 2>"$WORK_DIR/err" <"$SCRIPT_DIR/pg-copy-properties.sql"
}

restore_postgres_swap() {
  _stamp=$(date +%Y%m%dT%H%M%S)
  _new="${DB}_restoring_$_stamp"
  _old="${DB}_before_restore_$_stamp"
  _copies=$(pg_safety_databases) || die "cannot list the safety copies of $DB"
  _n=$(printf '%s\n' "$_copies" | awk -F'|' 'NF > 1 { n++ } END { print n + 0 }')
  _bytes=$(printf '%s\n' "$_copies" | awk -F'|' 'NF > 1 { b += $NF } END { printf "%.0f", b }')
  log "method: build beside and swap. $FILE is restored into a new database $_new; $DB stays untouched until that is complete"
  log "safety copy: the current $DB ($(human_size "$LIVE_BYTES") on disk) will be kept as database $_old; $_n older safety copies of $DB take $(human_size "$_bytes") (rotate.sh keeps the newest ${BACKUP_SAFETY_KEEP:-3})"

  pg_create_beside "$_new" ||
    { psql_errors; die "could not create the database $_new to restore into; $DB is unchanged"; }

  if ! pg_load_checked "$_new"; then
    pg_cleanup
    [ -z "$LOAD_PROBLEM" ] ||
      die "refusing to swap in $_new: $LOAD_PROBLEM; found while loading it, so $_new was dropped; $DB was not touched and is unchanged"
    psql_errors
    die "restore of $FILE failed while building $_new, which was dropped; $DB was not touched and is unchanged"
  fi
  report_created_roles
  pg_copy_properties "$_new" ||
    { psql_errors; pg_cleanup; die "could not give $_new the settings and grants of $DB; $_new was dropped, $DB is unchanged"; }

  _allow=$(echo "SELECT datallowconn FROM pg_database WHERE datname = :'db';" | pg_sql "$MAINT_DB" -v db="$DB")
  echo 'ALTER DATABASE :"db" WITH ALLOW_CONNECTIONS false;' | pg_sql "$MAINT_DB" -v db="$DB" >/dev/null 2>"$WORK_DIR/err" ||
    { psql_errors; pg_cleanup; die "could not stop new connections to $DB; $_new was dropped, $DB is unchanged"; }
  [ "$_allow" = f ] || CLOSED_DB=$DB
  # both renames in one transaction: either both happen or neither
  if ! pg_sql "$MAINT_DB" -v db="$DB" -v new="$_new" -v old="$_old" >/dev/null 2>"$WORK_DIR/err" <<'SQL'; then
BEGIN;
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
ALTER DATABASE :"db" RENAME TO :"old";
ALTER DATABASE :"new" RENAME TO :"db";
COMMIT;
SQL
    psql_errors
    pg_cleanup
    die "could not swap $_new in for $DB (sessions of another user? stop the application, or restore as a superuser); $_new was dropped, $DB is unchanged"
  fi
  BUILDING_DB=''
  if [ -n "$CLOSED_DB" ]; then
    CLOSED_DB=$_old
    pg_cleanup
  fi
  log "restored $FILE into $DB by build and swap; the data from before is database $_old ($(human_size "$LIVE_BYTES")); to go back: ALTER DATABASE \"$DB\" RENAME TO \"${DB}_discarded\"; ALTER DATABASE \"$_old\" RENAME TO \"$DB\";"
}

restore_postgres_in_place() {
  log "method: in place, in one transaction ($1)"
  # no database to keep beside: a dump of the current data is the safety copy, as for MySQL
  take_safety_copy
  if ! pg_load "$DB"; then
    psql_errors
    # pg_dump writes large objects between a BEGIN and a COMMIT of its own, which ends the
    # outer transaction early: what came before them stays committed
    # grep -c reads to the end: grep -q would stop the decompressor early, failing the pipe
    _own=$($DECOMPRESS "$FILE" 2>/dev/null | grep -cx 'BEGIN;' || true)
    if [ "${_own:-0}" -gt 0 ]; then
      die "restore of $FILE into $DB failed, and $DB may be partly restored: the backup holds large objects, which pg_dump commits in a transaction of their own, so what came before them (tables, data) stayed. The data from before the restore is in $SAFETY; bring it back with: restore.sh $SAFETY --yes"
    fi
    die "restore of $FILE into $DB failed; the transaction was rolled back, the database is unchanged"
  fi
  report_created_roles
  log "restored $FILE into $DB in place"
}

restore_postgres() {
  pg_env
  LIVE_BYTES=0
  MAINT_DB=''
  # which method decides how much of the file is checked before the question (see verify_start)
  _why=$(swap_refusal)
  if [ -n "$_why" ]; then
    verify_file
    log "verified $FILE (checksum, gzip stream, $TYPE content)"
  else
    log "checked the start of $FILE (checksum file, gzip header, $TYPE header); its checksum, gzip stream and end marker are checked while it loads, before the swap"
  fi
  confirm "PostgreSQL database $DB on $HOST:$PORT"
  # swap_refusal ran in a subshell: read its findings again where they are needed
  if [ -z "$_why" ]; then
    MAINT_DB=$(maintenance_database)
    LIVE_BYTES=$(echo 'SELECT pg_database_size(current_database());' | pg_sql "$DB")
    restore_postgres_swap
  else
    restore_postgres_in_place "$_why"
  fi
}

restore_mysql() {
  confirm "database $DB on $HOST:$PORT"
  _client=$(mysql_client mariadb mysql) || die "neither mariadb nor mysql (the client) is installed"
  take_safety_copy
  MY_CLIENT=$_client
  _filter=$(my_definer_filter)
  _opt=$(mysql_option_file)
  $DECOMPRESS "$FILE" | $_filter | "$_client" --defaults-extra-file="$_opt" --protocol=TCP \
    --default-character-set=utf8mb4 "$DB" 2>"$WORK_DIR/err" ||
    { sed "s/^/  $_client: /" "$WORK_DIR/err" | head -n 20 >&2
      die "restore of $FILE into $DB failed part way: the database is now partly restored (each table's DROP and CREATE commits at once, so nothing was rolled back). The data from before the restore is in $SAFETY; bring it back with: restore.sh $SAFETY --yes"; }
  my_report_definers
}

# my_definer_filter: what a MySQL/MariaDB dump passes through on its way in: cat where the user
# may name any definer, else definers_rewritten (clients.sh)
my_definer_filter() {
  rm -f "$WORK_DIR/definers"
  if printf 'SHOW GRANTS;\n' | my_sql 2>/dev/null | grants_allow_definers; then
    echo cat
  else
    echo definers_rewritten
  fi
}

# my_report_definers: after a load, the definers definers_rewritten replaced, if it replaced any
my_report_definers() {
  _me=$(printf 'SELECT CURRENT_USER();\n' | my_sql 2>/dev/null) || _me=$USER_NAME
  _changed=$(definers_changed "$_me")
  [ -z "$_changed" ] ||
    log "WARNING: the views, triggers, routines and events defined by $_changed now have $_me as their definer: user $USER_NAME may not create objects for another user (that needs SUPER or SET USER on MariaDB, SET_USER_ID or SET_ANY_DEFINER on MySQL); restore as a user who may, to keep their definers"
}

# take_safety_copy [HINT]: a copy of the data about to be replaced, into SAFETY_DIR, by the same
# code and checks as a backup; its path in SAFETY. Without it the restore does not go on.
SAFETY=''
take_safety_copy() {
  [ -n "$LOCK_DIR" ] ||
    die "cannot keep a safety copy of $CONTAINER before the restore: $BACKUP_DIR is not writable by user $(id -un 2>/dev/null || id -u). Nothing was changed."
  # the lock is ours; the copy is made while the app runs or is already stopped, never restarted by it
  SAFETY=$(DOCKSTART_LOCK_HOLDER=$$ SQLITE_STOP_CONTAINER='' sh "$SCRIPT_DIR/backup.sh" --safety-copy "$CONTAINER") ||
    die "the safety copy of $CONTAINER failed (see above), so the restore did not start. Nothing was changed.${1:+ $1}"
  log "safety copy of the data before the restore: $SAFETY (not a backup: never latest; rotation keeps the newest $BACKUP_SAFETY_KEEP)"
}

redis_answers() {
  if [ -n "$PASSWORD" ]; then
    _r=$(REDISCLI_AUTH=$PASSWORD redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null) || return 1
  else
    _r=$(redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null) || return 1
  fi
  [ -n "$_r" ]
}

restore_redis() {
  _data=$(setting "$CONTAINER" REDIS_DATA_DIR)
  _data=${_data:-${REDIS_DATA_DIR:-}}
  _rdb=${REDIS_RDB_FILENAME:-dump.rdb}
  if ! command -v redis-cli >/dev/null 2>&1; then
    die "redis-cli is not installed"
  fi
  if redis_answers; then
    manual "Redis at $HOST:$PORT is running; its $_rdb cannot be replaced while it runs. Restore by hand:" \
      "  1. stop Redis:            docker compose stop $CONTAINER" \
      "  2. replace the snapshot:  gunzip -c $FILE > <the Redis data directory, /data in the container>/$_rdb" \
      "     (with appendonly enabled Redis loads its append-only files instead: restore while it is stopped" \
      "     with REDIS_DATA_DIR set, which makes them hold the snapshot too)" \
      "  3. start Redis:           docker compose start $CONTAINER" \
      "  or, while Redis is stopped: REDIS_DATA_DIR=<data directory> restore.sh $FILE --yes"
  fi
  if [ -z "$_data" ]; then
    manual "Redis at $HOST:$PORT does not answer, and REDIS_DATA_DIR is not set, so dump.rdb cannot be replaced from here. Restore by hand:" \
      "  gunzip -c $FILE > <the Redis data directory>/$_rdb   (while Redis is stopped), then start Redis" \
      "  or: REDIS_DATA_DIR=<data directory> restore.sh $FILE --yes"
  fi
  [ -d "$_data" ] || die "REDIS_DATA_DIR=$_data is not a directory"
  confirm "the Redis data directory $_data (server $HOST:$PORT is stopped)"
  _new="$_data/.$_rdb.restore.$$"
  add_temp "$_new"
  $DECOMPRESS "$FILE" >"$_new" || die "cannot write $_new"
  [ "$(head -c 5 "$_new")" = REDIS ] || die "the decompressed snapshot is not an RDB file"
  # a transfer mark after the checksum would be read as commands from an append-only base file
  rdb_strip_transfer_mark "$_new"
  _keys=$(rdb_keys "$_new")
  _stamp=$(timestamp_now)
  install_snapshot_as_aof "$_data" "$_new" "$_stamp"
  replace_file "$_new" "$_data/$_rdb" || die "cannot replace $_data/$_rdb"
  if [ -n "$_keys" ]; then
    log "replaced $_data/$_rdb; start Redis: it must then hold $_keys keys (redis-cli INFO keyspace)"
  else
    log "replaced $_data/$_rdb; start Redis to load it (redis-check-rdb is not installed here, so its keys were not counted)"
  fi
}

# rdb_strip_transfer_mark FILE: FILE (a decompressed snapshot) ends at its checksum.
rdb_strip_transfer_mark() {
  _trail=$(rdb_trailing_bytes "$1") || die "the decompressed snapshot has no RDB end-of-file marker"
  if [ "$_trail" -ne 0 ]; then
    add_temp "$1.cut"
    head -c "$(($(wc -c <"$1") - _trail))" "$1" >"$1.cut" || die "cannot strip the transfer mark from $1"
    replace_file "$1.cut" "$1" || die "cannot strip the transfer mark from $1"
  fi
}

# rdb_keys FILE: the keys Redis will hold after loading FILE (keys read less those already
# expired, as redis-check-rdb reports them); empty where redis-check-rdb is not installed.
rdb_keys() {
  command -v redis-check-rdb >/dev/null 2>&1 || return 0
  redis-check-rdb "$1" >"$WORK_DIR/check" 2>&1 || die "redis-check-rdb rejects the snapshot of $FILE: $(tail -n 1 "$WORK_DIR/check")"
  _read=$(sed -n 's/.*\[info\] \([0-9]*\) keys read.*/\1/p' "$WORK_DIR/check" | head -n 1)
  _expired=$(sed -n 's/.*\[info\] \([0-9]*\) already expired.*/\1/p' "$WORK_DIR/check" | head -n 1)
  [ -n "$_read" ] || return 0
  echo $((_read - ${_expired:-0}))
}

# install_snapshot_as_aof DATA_DIR SNAPSHOT STAMP: with appendonly yes Redis loads its
# append-only files and ignores dump.rdb. Redis 7 keeps them in a directory (appenddirname)
# listed by <appendfilename>.manifest, and a base file may be an RDB: each such directory is
# moved aside to <dir>.before-restore-STAMP (the data before the restore) and replaced by
# one whose manifest names the snapshot as its only base. A single *.aof file of Redis 6
# and older is replaced by the snapshot the same way (an AOF may start with an RDB preamble).
# The same rule as the host's RedisDataFiles.
install_snapshot_as_aof() {
  for _dir in "$1"/*; do
    if [ ! -d "$_dir" ] || [ -L "$_dir" ]; then continue; fi
    # what an earlier restore moved aside stays as it is
    case $_dir in *.before-restore-*) continue ;; esac
    _manifest=''
    for _m in "$_dir"/*.manifest; do
      [ -f "$_m" ] && { _manifest=$_m; break; }
    done
    [ -n "$_manifest" ] || continue
    _base=$(basename "$_manifest" .manifest)
    _fresh="$1/.$(basename "$_dir").restoring-$3"
    add_temp "$_fresh"
    mkdir "$_fresh" || die "cannot create $_fresh"
    cp "$2" "$_fresh/$_base.1.base.rdb" || die "cannot write $_fresh/$_base.1.base.rdb"
    printf 'file %s seq 1 type b\n' "$_base.1.base.rdb" >"$_fresh/$_base.manifest" || die "cannot write the manifest in $_fresh"
    chown -R "$(stat -c %u:%g "$_dir")" "$_fresh" 2>/dev/null || true
    mv "$_dir" "$_dir.before-restore-$3" || die "cannot move $_dir aside"
    mv "$_fresh" "$_dir" || die "cannot put the new append-only files in place of $_dir (the old ones are in $_dir.before-restore-$3)"
    log "the append-only files in $_dir (which Redis loads instead of dump.rdb) now hold the snapshot; the old ones are in $_dir.before-restore-$3"
  done
  for _aof in "$1"/*.aof; do
    if [ ! -f "$_aof" ] || [ -L "$_aof" ]; then continue; fi
    case $_aof in *.before-restore-*) continue ;; esac
    _fresh="$1/.$(basename "$_aof").restoring-$3"
    add_temp "$_fresh"
    cp "$2" "$_fresh" || die "cannot write $_fresh"
    chown "$(stat -c %u:%g "$_aof")" "$_fresh" 2>/dev/null || true
    mv "$_aof" "$_aof.before-restore-$3" || die "cannot move $_aof aside"
    mv "$_fresh" "$_aof" || die "cannot put the snapshot in place of $_aof (the old file is $_aof.before-restore-$3)"
    log "the append-only file $_aof (which Redis loads instead of dump.rdb) now holds the snapshot; the old one is $_aof.before-restore-$3"
  done
}

restore_sqlite() {
  _target=$DB_FILE
  _dir=$(dirname "$_target")
  [ -d "$_dir" ] || die "the directory of $(setting_name "$CONTAINER" DB_PATH)=$_target does not exist"
  _stop=${SQLITE_STOP_CONTAINER:-}
  if [ -z "$_stop" ] && sqlite_in_use "$_target"; then
    in_use "$_target"
  fi
  confirm "the SQLite database $_target"
  _new="$_dir/.$(basename "$_target").restore.$$"
  add_temp "$_new"
  add_temp "$_new-wal"
  add_temp "$_new-shm"
  (umask 077 && $DECOMPRESS "$FILE" >"$_new") || die "cannot write $_new"
  _check=$(sqlite3 -readonly "$_new" 'PRAGMA quick_check;' 2>&1 || true)
  [ "$_check" = ok ] || die "the restored copy fails PRAGMA quick_check: $_check"
  if sqlite_wal_mode "$_target"; then
    # VACUUM INTO wrote a rollback-journal file: a WAL database comes back in WAL mode
    sqlite3 -bail "$_new" 'PRAGMA journal_mode=WAL' >/dev/null 2>"$WORK_DIR/err" ||
      die "cannot put the restored copy in WAL mode: $(head -n 1 "$WORK_DIR/err")"
  fi
  if [ -e "$_target" ]; then
    chmod "$(stat -c %a "$_target")" "$_new" 2>/dev/null || true
    chown "$(stat -c %u:%g "$_target")" "$_new" 2>/dev/null || true
  fi
  if [ -n "$_stop" ]; then
    log "stopping container $_stop for the restore of $_target"
    docker stop "$_stop" >/dev/null || die "docker stop $_stop failed"
    STOPPED=$_stop
  fi
  # the app was stopped, or someone opened the database while we asked and copied
  if sqlite_in_use "$_target"; then
    in_use "$_target"
  fi
  if [ -f "$_target" ]; then
    take_safety_copy "If $_target is damaged and you want it replaced, move it away yourself (mv $_target $_target.damaged) and run the restore again."
  fi
  # rename is atomic: readers see the old or the new database, never a mix
  replace_file "$_new" "$_target" || die "cannot replace $_target"
  # a journal of the old file would be replayed into the new one
  rm -f "$_target-wal" "$_target-shm"
}

in_use() {
  manual "$1 is open in another process (the application, or a sqlite3 shell): replacing it now would lose what that process writes. Nothing was changed. Restore by hand:" \
    "  1. stop the application that uses $1" \
    "  2. run again: restore.sh $FILE --yes" \
    "  or set SQLITE_STOP_CONTAINER to the application's container to have it stopped and started around the restore"
}

# --- restore drill -------------------------------------------------------------
# restore.sh --drill FILE | latest [CONTAINER]: proves that a backup restores, without touching
# the live database. After the same checks as a restore, the backup is loaded into a throwaway
# target: a new database {DB}_drill_{YYYYMMDDTHHMMSS} on the same PostgreSQL or MySQL/MariaDB
# server (dropped again however the drill ends), a temporary Redis server on a unix socket in
# the scratch directory, or a temporary copy of the SQLite file. Its figures (drill-*.sql,
# which the host reads too; for Redis the keys per database and type) are compared with those
# of the live database now. The verdict goes into FILE.restore-test (0600, written atomically):
#   passed   the backup loaded and every figure equals the live one
#   differs  it loaded, but figures differ from the live database now: writes since the backup
#            do that too, so it is a warning, and the differing figures are listed
#   failed   it did not load (or its copy cannot be read): the healthcheck reports it until a
#            later drill of the container passes (BACKUP_DIR/.last-drill.CONTAINER)
#   skipped  Redis, where no redis-server or valkey-server is installed to load the snapshot into,
#            or where it is older than the snapshot's RDB format
# The live database is only read: the figures are counted by SELECTs, nothing else.

DRILL=''
DRILL_DONE=''
DRILL_TARGET=''
DRILL_STARTED=''
LAST_ERROR=''
MY_DRILL_DB=''

# die and refuse keep the reason for the drill's result file
die() {
  LAST_ERROR=$*
  log "ERROR: $*"
  exit 1
}

# drill_name: the throwaway database's name; no restore or user names a database like it.
drill_name() {
  printf '%s_drill_%s' "$(printf '%s' "$DB" | cut -c 1-32)" "$(date +%Y%m%dT%H%M%S)"
}

drill_postgres() {
  pg_env
  MAINT_DB=$(maintenance_database) ||
    die "user $USER_NAME cannot connect to the database postgres or template1, from where the drill creates its throwaway database"
  _new=$(drill_name)
  BUILDING_WHAT=throwaway
  pg_create_beside "$_new" ||
    { psql_errors; die "could not create the throwaway database $_new (user $USER_NAME needs CREATEDB and membership in the owner of $DB); $DB was not touched"; }
  DRILL_TARGET="database $_new on $HOST:$PORT (dropped afterwards)"
  log "drill: loading $FILE into the throwaway database $_new; $DB is only read"
  pg_load "$_new" ||
    { psql_errors; die "the backup does not restore: loading it into the throwaway database $_new failed; $DB was not touched"; }
  pg_sql "$_new" <"$SCRIPT_DIR/drill-postgres.sql" >"$WORK_DIR/restored" 2>"$WORK_DIR/err" ||
    { psql_errors; die "cannot count the figures of the restored copy $_new"; }
  pg_cleanup
  pg_sql "$DB" <"$SCRIPT_DIR/drill-postgres.sql" >"$WORK_DIR/live" 2>"$WORK_DIR/err" || drill_no_live
}

# my_sql DATABASE: the SQL on stdin through the MySQL/MariaDB client, batch output without names.
my_sql() {
  "$MY_CLIENT" --defaults-extra-file="$(mysql_option_file)" --protocol=TCP --default-character-set=utf8mb4 \
    -N -B "$@"
}

my_drill_cleanup() {
  [ -n "$MY_DRILL_DB" ] || return 0
  # on exit the scratch directory (with the option file) is gone already: a new one for the DROP
  [ -d "$WORK_DIR" ] || { WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dockstart.XXXXXX") && chmod 700 "$WORK_DIR"; } || return 0
  # shellcheck disable=SC2016 # the backquotes quote the name in SQL
  if printf 'DROP DATABASE IF EXISTS `%s`;\n' "$MY_DRILL_DB" | my_sql 2>"$WORK_DIR/err" >/dev/null; then
    log "dropped the throwaway database $MY_DRILL_DB"
  else
    log "ERROR: could not drop the throwaway database $MY_DRILL_DB ($(head -n 1 "$WORK_DIR/err")); drop it with: DROP DATABASE \`$MY_DRILL_DB\`"
  fi
  MY_DRILL_DB=''
  [ -z "$DRILL_DONE" ] || return 0
  case $TEMP_FILES in *"$WORK_DIR"*) ;; *) rm -rf "$WORK_DIR" ;; esac
}

drill_mysql() {
  MY_CLIENT=$(mysql_client mariadb mysql) || die "neither mariadb nor mysql (the client) is installed"
  _new=$(drill_name)
  # shellcheck disable=SC2016 # the backquotes quote the name in SQL
  printf 'CREATE DATABASE `%s`;\n' "$_new" | my_sql 2>"$WORK_DIR/err" >/dev/null ||
    die "could not create the throwaway database $_new ($(head -n 1 "$WORK_DIR/err")); let user $USER_NAME create and drop the drill's databases: GRANT ALL ON \`$(printf '%s' "$DB" | cut -c 1-32 | sed 's/_/\\_/g')\\_drill\\_%\`.* TO '$USER_NAME'@'%'; $DB was not touched"
  MY_DRILL_DB=$_new
  DRILL_TARGET="database $_new on $HOST:$PORT (dropped afterwards)"
  log "drill: loading $FILE into the throwaway database $_new; $DB is only read"
  _filter=$(my_definer_filter)
  $DECOMPRESS "$FILE" | $_filter | my_sql "$_new" >/dev/null 2>"$WORK_DIR/err" ||
    { sed "s/^/  $MY_CLIENT: /" "$WORK_DIR/err" | head -n 20 >&2
      die "the backup does not restore: loading it into the throwaway database $_new failed; $DB was not touched"; }
  my_report_definers
  my_sql "$_new" <"$SCRIPT_DIR/drill-mysql.sql" >"$WORK_DIR/restored" 2>"$WORK_DIR/err" ||
    die "cannot count the figures of the restored copy $_new: $(head -n 1 "$WORK_DIR/err")"
  my_drill_cleanup
  my_sql "$DB" <"$SCRIPT_DIR/drill-mysql.sql" >"$WORK_DIR/live" 2>"$WORK_DIR/err" || drill_no_live
}

drill_redis() {
  _server=$(command -v redis-server || command -v valkey-server)
  command -v redis-cli >/dev/null 2>&1 || die "redis-cli is not installed"
  _dir="$WORK_DIR/redis"
  mkdir "$_dir" || die "cannot create $_dir"
  $DECOMPRESS "$FILE" >"$_dir/dump.rdb" || die "cannot decompress $FILE into $_dir"
  rdb_strip_transfer_mark "$_dir/dump.rdb"
  DRILL_TARGET="a temporary $(basename "$_server") on a unix socket (stopped afterwards)"
  log "drill: loading $FILE into $DRILL_TARGET; $HOST:$PORT is only read"
  _status=0
  redis_throwaway_figures "$_dir" "$_server" >"$WORK_DIR/restored" 2>"$WORK_DIR/err" || _status=$?
  case $_status in
    0) ;;
    # a snapshot of a newer server than this one proves nothing either way: not a failed drill
    3) DRILL_SKIPPED=$(tail -n 1 "$WORK_DIR/err"); return 0 ;;
    *) sed '$d' "$WORK_DIR/err" >&2
       die "$(tail -n 1 "$WORK_DIR/err")" ;;
  esac
  if [ -n "$PASSWORD" ]; then
    REDISCLI_AUTH=$PASSWORD redis_figures -h "$HOST" -p "$PORT" >"$WORK_DIR/live" 2>"$WORK_DIR/err" || drill_no_live
  else
    redis_figures -h "$HOST" -p "$PORT" >"$WORK_DIR/live" 2>"$WORK_DIR/err" || drill_no_live
  fi
}

# sqlite_figures FILE: the figures of drill-sqlite.sql (a query that writes the query), read-only.
sqlite_figures() {
  _query=$(sqlite3 -readonly -bail -cmd ".timeout 30000" "$1" <"$SCRIPT_DIR/drill-sqlite.sql") || return 1
  printf '%s\n' "$_query" | sqlite3 -readonly -bail -cmd ".timeout 30000" "$1"
}

drill_sqlite() {
  _copy="$WORK_DIR/drill.db"
  (umask 077 && $DECOMPRESS "$FILE" >"$_copy") || die "cannot decompress $FILE into $WORK_DIR"
  DRILL_TARGET="a temporary copy of the file (deleted afterwards)"
  _check=$(sqlite3 "$_copy" 'PRAGMA integrity_check;' 2>&1 || true)
  [ "$_check" = ok ] || die "the backup does not restore: its copy fails PRAGMA integrity_check: $(printf '%s' "$_check" | head -n 1)"
  sqlite_figures "$_copy" >"$WORK_DIR/restored" 2>"$WORK_DIR/err" ||
    die "cannot count the figures of the restored copy: $(head -n 1 "$WORK_DIR/err")"
  rm -f "$_copy"
  sqlite_figures "$DB_FILE" >"$WORK_DIR/live" 2>"$WORK_DIR/err" || drill_no_live
}

# drill_no_live: the live database cannot be read; the drill still shows the backup restores.
drill_no_live() {
  log "WARNING: cannot read the figures of the live database ($(head -n 1 "$WORK_DIR/err" 2>/dev/null)); the restored copy is not compared"
  rm -f "$WORK_DIR/live"
}

# drill_result VERDICT [REASON]: FILE.restore-test, written beside the backup in one rename, and
# the container's last verdict for the healthcheck.
drill_result() {
  _written=""
  _result="$FILE.restore-test"
  _tmp="$(dirname "$FILE")/.$(basename "$_result").tmp.$$"
  add_temp "$_tmp"
  _now=$(date +%s)
  {
    echo "# dockstart restore drill of $(basename "$FILE")"
    echo "verdict: $1"
    echo "date: $(date -d "@$_now" +%Y-%m-%dT%H:%M:%S%z)"
    echo "duration: $((_now - ${DRILL_STARTED:-$_now})) s"
    echo "container: $CONTAINER ($TYPE)"
    echo "restored into: ${DRILL_TARGET:-nothing (the drill stopped before)}"
    [ -z "${2:-}" ] || echo "reason: $2"
    if [ -s "$WORK_DIR/restored" ] || [ "$1" != failed ]; then
      echo "figures of the restored copy: $(wc -l <"$WORK_DIR/restored" | tr -d ' ')"
      sed 's/^/  /' "$WORK_DIR/restored"
    fi
    if [ -n "${DRILL_DIFF:-}" ]; then
      echo "differences from the live database now (- live, + restored):"
      printf '%s\n' "$DRILL_DIFF" | sed 's/^/  /'
    fi
  } 2>/dev/null | (umask 077 && cat >"$_tmp") || _written=no
  if [ "${_written:-}" = no ] || ! give_to_backup_dir_owner "$_tmp" || ! replace_file "$_tmp" "$_result"; then
    log "ERROR: cannot write the drill's result $_result"
  fi
  printf '%s %s %s\n' "$1" "$_now" "$(basename "$FILE")" >"$(last_drill_file "$CONTAINER")" 2>/dev/null ||
    log "ERROR: cannot record the drill's verdict for the healthcheck in $BACKUP_DIR"
  DRILL_DONE=1
}

run_drill() {
  DRILL_STARTED=$(date +%s)
  : >"$WORK_DIR/restored"
  # the sidecar's image has the Redis client only: no drill, but no failure (and no unhealthy sidecar) either
  if [ "$TYPE" = redis ] && ! command -v redis-server >/dev/null 2>&1 && ! command -v valkey-server >/dev/null 2>&1; then
    drill_result skipped "neither redis-server nor valkey-server is installed here: a Redis drill loads the snapshot into a temporary server"
    log "WARNING: drill of $FILE skipped: neither redis-server nor valkey-server is installed here"
    return
  fi
  DRILL_SKIPPED=''
  case $TYPE in
    postgres) drill_postgres ;;
    mysql | mariadb) drill_mysql ;;
    redis) drill_redis ;;
    sqlite) drill_sqlite ;;
  esac
  if [ -n "$DRILL_SKIPPED" ]; then
    drill_result skipped "$DRILL_SKIPPED"
    log "WARNING: drill of $FILE skipped: $DRILL_SKIPPED"
    return
  fi
  _figures=$(wc -l <"$WORK_DIR/restored" | tr -d ' ')
  if [ ! -f "$WORK_DIR/live" ]; then
    drill_result passed "restored; not compared: the live database could not be read"
    log "drill of $FILE passed: it restores ($_figures figures); the live database could not be read to compare"
    return
  fi
  # each figure of one side that the other lacks, as "- live" or "+ restored"
  DRILL_DIFF=$(awk 'NR == FNR { live[$0]++; next }
      ($0 in live) && live[$0] > 0 { live[$0]--; next }
      { print "+ " $0 }
      END { for (l in live) for (i = 0; i < live[l]; i++) print "- " l }' "$WORK_DIR/live" "$WORK_DIR/restored" |
    LC_ALL=C sort -k 2)
  if [ -z "$DRILL_DIFF" ]; then
    drill_result passed
    log "drill of $FILE passed: restored into $DRILL_TARGET, its $_figures figures equal the live database's"
  else
    drill_result differs
    log "WARNING: drill of $FILE: it restores, but $(printf '%s\n' "$DRILL_DIFF" | wc -l | tr -d ' ') figures differ from the live database now (writes since the backup do that too; see $FILE.restore-test):"
    printf '%s\n' "$DRILL_DIFF" | head -n 20 | sed 's/^/  /' >&2
  fi
}

main() {
  FILE=''
  LATEST_OF=''
  YES=''
  for _arg in "$@"; do
    case $_arg in
      -y | --yes) YES=1 ;;
      --drill) DRILL=1 ;;
      -h | --help) usage ;;
      -*) log "ERROR: unknown option $_arg"; usage ;;
      *)
        if [ -z "$FILE" ]; then
          FILE=$_arg
        elif [ "$FILE" = latest ] && [ -z "$LATEST_OF" ]; then
          LATEST_OF=$_arg
        else
          usage
        fi ;;
    esac
  done
  [ -n "$FILE" ] || usage
  for _c in $(configured_containers); do
    validate_container "$_c"
  done

  install_cleanup_trap
  make_work_dir
  choose_compressor
  # a backup or rotation running now must not delete or write the file under us
  # (backup.sh holds it when it has a new backup drilled)
  if [ -d "$BACKUP_DIR" ] && [ -w "$BACKUP_DIR" ] && ! lock_held_by "${DOCKSTART_LOCK_HOLDER:-}"; then
    acquire_lock
  fi
  if [ "$FILE" = latest ]; then
    FILE="$BACKUP_DIR/$(latest_of "$LATEST_OF")"
  elif [ ! -f "$FILE" ]; then
    case $FILE in
      safety/*) ;;
      */*) refuse "the backup file $FILE does not exist" ;;
    esac
    [ -f "$BACKUP_DIR/$FILE" ] || refuse "the backup file $FILE does not exist (nor $BACKUP_DIR/$FILE)"
    FILE="$BACKUP_DIR/$FILE"
  fi
  require_plain_file_in_backup_dir
  [ -r "$FILE" ] || refuse "the backup file $FILE is not readable"
  CONTAINER=$(find_container "$(basename "$FILE")")
  TYPE=$(db_type "$CONTAINER")
  HOST=$(db_host "$CONTAINER")
  PORT=$(db_port "$CONTAINER" "$TYPE")
  DB=$(setting "$CONTAINER" DB_NAME)
  USER_NAME=$(setting "$CONTAINER" DB_USER)
  DB_FILE=$(setting "$CONTAINER" DB_PATH)
  PASSWORD=$(db_password "$CONTAINER")

  if [ -n "$DRILL" ]; then
    DRILL_STARTED=$(date +%s)
    case $FILE in
      "$SAFETY_DIR"/*) refuse "$FILE is a safety copy, not a backup: drills are for backups" ;;
    esac
    # a drill checks the whole file first, whatever the type: a bad file is its finding
    verify_file
    log "verified $FILE (checksum, gzip stream, $TYPE content); drilling its restore"
    run_drill
    return
  fi
  if [ "$TYPE" = postgres ]; then
    verify_start
  else
    verify_file
    log "verified $FILE (checksum, gzip stream, $TYPE content)"
  fi
  log "restoring into $CONTAINER"
  case $TYPE in
    postgres) restore_postgres ;;
    mysql | mariadb) restore_mysql ;;
    redis) restore_redis ;;
    sqlite) restore_sqlite ;;
  esac
  log "restore of $FILE into $CONTAINER finished"
}

# latest_of [CONTAINER]: the name of the newest backup of the container (the only one when
# none is named); refuses when there is none.
latest_of() {
  _all=$(configured_containers)
  _of=$1
  if [ -z "$_of" ]; then
    [ "$(printf '%s\n' "$_all" | wc -l)" -eq 1 ] ||
      refuse "latest does not say which container: use restore.sh latest CONTAINER (configured: $(printf '%s' "$_all" | tr '\n' ' '))"
    _of=$_all
  fi
  printf '%s\n' "$_all" | grep -qx -- "$_of" ||
    refuse "'$_of' is not a configured container (configured: $(printf '%s' "$_all" | tr '\n' ' '))"
  _name=$(latest_backup "$_of" "$(type_extension "$(db_type "$_of")")")
  [ -n "$_name" ] || refuse "there is no backup of $_of in $BACKUP_DIR to restore as latest (a future-dated one, named after now, is restored only by its name)"
  log "latest backup of $_of: $_name"
  printf '%s' "$_name"
}

main "$@"
