#!/bin/sh
# dockstart backup sidecar: back up every configured database (no argument) or one
# container (backup.sh NAME) into BACKUP_DIR as {container}-{YYYY-MM-DD}T{HH-MM-SS}.{ext}.gz
# with a {file}.sha256 beside it, then rotate that container's old backups and safety copies.
#   backup.sh --safety-copy NAME: what restore.sh runs before it replaces NAME's data: the same
#   copy, into BACKUP_DIR/safety/ (not a backup: no rotation, upload or health record), its path
#   printed on stdout.
#
# A backup is either complete, verified and under its final name, or absent: the dump
# is written to a hidden temporary name in BACKUP_DIR, checked, chmod 600, and only
# then renamed. A failed run exits non-zero, leaves no final file, skips rotation and
# never touches an older backup. Passwords reach the clients through the environment
# or a private option file, never the command line.
set -eu
set -o pipefail

SCRIPT_NAME=backup.sh
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
# shellcheck source=content.sh
. "$SCRIPT_DIR/content.sh"
# shellcheck source=clients.sh
. "$SCRIPT_DIR/clients.sh"
# shellcheck source=retention.sh
. "$SCRIPT_DIR/retention.sh"
# shellcheck source=s3.sh
. "$SCRIPT_DIR/s3.sh"
# shellcheck source=notify.sh
. "$SCRIPT_DIR/notify.sh"
notify_start "$@"

usage() {
  echo "usage: backup.sh [CONTAINER]   (no argument: every configured database)" >&2
  echo "       backup.sh --safety-copy CONTAINER   (a copy into $BACKUP_DIR/safety before a restore)" >&2
  exit 2
}

# fail_backup MESSAGE: log why this container's backup failed, with the client's own
# error output (which never holds the password), and return non-zero.
fail_backup() {
  log "ERROR: backup of $CONTAINER ($TYPE) failed: $1"
  if [ -s "$WORK_DIR/err" ]; then
    sed "s/^/  $TYPE client: /" "$WORK_DIR/err" | head -n 20 >&2
  fi
  return 1
}

# dump_stream COMMAND...: run a dump client that writes SQL to stdout and compress its
# output straight into TMP_FILE. Nothing else sits in the pipe: BusyBox tee, with its
# small buffers, made a 1 GB dump markedly slower.
dump_stream() {
  # shellcheck disable=SC2086 # DUMP_COMPRESS is a command with its options
  "$@" 2>"$WORK_DIR/err" | $DUMP_COMPRESS >"$TMP_FILE"
}

# compress_file SOURCE: compress a finished, already validated snapshot or copy.
compress_file() {
  # shellcheck disable=SC2086 # FILE_COMPRESS is a command with its options
  $FILE_COMPRESS <"$1" >"$TMP_FILE" 2>"$WORK_DIR/err"
}

# stream_intact: the whole gzip stream of TMP_FILE decompresses (the decompressor checks
# CRC and length) and, for a dump, ends with the client's own end marker (which also
# catches a client that stopped early yet exited 0) and starts with its header.
stream_intact() {
  if [ -z "$END_MARKER" ]; then
    gzip_ok "$TMP_FILE"
    return
  fi
  rm -f "$WORK_DIR/tail"
  $DECOMPRESS "$TMP_FILE" 2>"$WORK_DIR/err" | tail -c 200 >"$WORK_DIR/tail" || return 1
  grep -q -- "$END_MARKER" "$WORK_DIR/tail" || return 1
  # and it starts with the client's header: the same rule as restore.sh and the host
  # head closes the pipe early on purpose; the stream was checked just above
  if [ "$TYPE" = postgres ]; then
    _head=$($DECOMPRESS "$TMP_FILE" 2>/dev/null | pg_dump_head | tr -d '\000' || true)
  else
    _head=$($DECOMPRESS "$TMP_FILE" 2>/dev/null | head -c 64 | tr -d '\000' || true)
  fi
  dump_header_ok "$TYPE" "$_head"
}

# verify_written: TMP_FILE starts like a gzip file and its stream is intact; the SHA-256
# is read at the same time, so the check and the hash take a core each.
verify_written() {
  [ "$(head -c 2 "$TMP_FILE" | od -An -tx1 | tr -d ' \n')" = 1f8b ] ||
    { fail_backup "$TMP_FILE does not start like a gzip file"; return 1; }
  sha256_of "$TMP_FILE" >"$WORK_DIR/sum" 2>/dev/null &
  _hash_pid=$!
  _intact=0
  stream_intact || _intact=1
  _hashed=0
  wait "$_hash_pid" || _hashed=1
  [ "$_intact" -eq 0 ] || { fail_backup "$DAMAGED"; return 1; }
  _sum=$(cat "$WORK_DIR/sum")
  if [ "$_hashed" -ne 0 ] || [ ${#_sum} -ne 64 ]; then
    fail_backup "cannot compute the checksum of $TMP_FILE"
    return 1
  fi
}

# pg_dump_with_roles: the roles section (see pg_roles_section), then the dump. Ownership is
# kept (no --no-owner), so that a restore gives every object back to its role.
pg_dump_with_roles() {
  # psql says why a login fails (pg_dumpall -l only that it failed)
  psql -X -q -At --no-password --host="$HOST" --port="$PORT" --username="$USER_NAME" --dbname="$DB" \
    -c 'SELECT 1' >/dev/null || return 1
  pg_dumpall --host="$HOST" --port="$PORT" --username="$USER_NAME" --database="$DB" \
    --no-password --roles-only --no-role-passwords | pg_roles_section ||
    { echo "pg_dumpall --roles-only failed" >&2; return 1; }
  pg_dump --host="$HOST" --port="$PORT" --username="$USER_NAME" --dbname="$DB" \
    --no-password --clean --if-exists --encoding=UTF8
}

backup_postgres() {
  export PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
  dump_stream pg_dump_with_roles ||
    { _rc=$?; unset PGPASSWORD; fail_backup "pg_dump exited with status $_rc"; return 1; }
  unset PGPASSWORD
  END_MARKER='-- PostgreSQL database dump complete'
  DAMAGED="the dump is incomplete or its gzip stream is damaged (no end marker from pg_dump)"
}

backup_mysql() {
  _dump=$(mysql_client mariadb-dump mysqldump) ||
    { fail_backup "neither mariadb-dump nor mysqldump is installed"; return 1; }
  _opt=$(mysql_option_file)
  dump_stream "$_dump" --defaults-extra-file="$_opt" --protocol=TCP \
    --single-transaction --routines --triggers --events --no-tablespaces --hex-blob \
    --default-character-set=utf8mb4 "$DB" ||
    { fail_backup "$_dump exited with status $?"; return 1; }
  END_MARKER='-- Dump completed'
  DAMAGED="the dump is incomplete or its gzip stream is damaged (no end marker from $_dump)"
}

# redis-cli exits 0 after some error replies, so every answer is checked, not only
# the exit status.
redis_cli() {
  if [ -n "$PASSWORD" ]; then
    REDISCLI_AUTH=$PASSWORD redis-cli -h "$HOST" -p "$PORT" "$@"
  else
    redis-cli -h "$HOST" -p "$PORT" "$@"
  fi
}

# rdb_ok FILE: RDB magic at the start, the end of the snapshot where content.sh's
# rdb_trailing_bytes finds it (the one end-of-file rule, restore.sh's and the host's too),
# and redis-check-rdb's approval where it is installed.
rdb_ok() {
  [ "$(head -c 5 "$1")" = REDIS ] || return 1
  rdb_trailing_bytes "$1" >/dev/null || return 1
  if command -v redis-check-rdb >/dev/null 2>&1; then
    redis-check-rdb "$1" >"$WORK_DIR/check" 2>&1 || return 1
  fi
}

backup_redis() {
  _reply=$(redis_cli ping 2>"$WORK_DIR/err" || true)
  if [ "$_reply" != PONG ]; then
    [ -n "$_reply" ] && printf '%s\n' "$_reply" >>"$WORK_DIR/err"
    fail_backup "Redis at $HOST:$PORT does not answer PING (unreachable or wrong password)"
    return 1
  fi
  _rdb="$TMP_FILE.rdb"
  add_temp "$_rdb"
  redis_cli --rdb "$_rdb" >"$WORK_DIR/out" 2>"$WORK_DIR/err" ||
    { fail_backup "redis-cli --rdb exited with status $?"; return 1; }
  [ -s "$_rdb" ] || { fail_backup "the snapshot transfer produced no file"; return 1; }
  rdb_ok "$_rdb" || { fail_backup "the transferred snapshot is not a valid RDB file"; return 1; }
  compress_file "$_rdb" || { fail_backup "compressing the snapshot failed"; return 1; }
  DAMAGED="compressing the snapshot gave a damaged gzip stream"
  rm -f "$_rdb"
}

sqlite_quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

backup_sqlite() {
  [ -n "$DB_FILE" ] || { fail_backup "$(setting_name "$CONTAINER" DB_PATH) is not set"; return 1; }
  [ -f "$DB_FILE" ] || { fail_backup "the SQLite file $DB_FILE does not exist"; return 1; }
  [ -r "$DB_FILE" ] || { fail_backup "the SQLite file $DB_FILE is not readable"; return 1; }
  _copy="$TMP_FILE.db"
  add_temp "$_copy"
  _stop=${SQLITE_STOP_CONTAINER:-}
  if [ -n "$_stop" ]; then
    # the only case that needs the Docker socket: the app is stopped around the copy
    log "stopping container $_stop for the copy of $DB_FILE"
    docker stop "$_stop" >/dev/null 2>"$WORK_DIR/err" || { fail_backup "docker stop $_stop failed"; return 1; }
    STARTED_AGAIN=$_stop
  fi
  # VACUUM INTO reads inside one transaction: a consistent copy while others write
  _status=0
  sqlite3 -bail "$DB_FILE" ".timeout 30000" "VACUUM INTO $(sqlite_quote "$_copy")" \
    >"$WORK_DIR/out" 2>"$WORK_DIR/err" || _status=$?
  restart_stopped_container
  [ "$_status" -eq 0 ] || { fail_backup "sqlite3 could not copy $DB_FILE (status $_status)"; return 1; }
  _check=$(sqlite3 -readonly "$_copy" 'PRAGMA quick_check;' 2>"$WORK_DIR/err" || true)
  [ "$_check" = ok ] || { fail_backup "the copy of $DB_FILE fails PRAGMA quick_check: $_check"; return 1; }
  compress_file "$_copy" || { fail_backup "compressing the copy failed"; return 1; }
  DAMAGED="compressing the copy gave a damaged gzip stream"
  rm -f "$_copy"
}

STARTED_AGAIN=''
restart_stopped_container() {
  if [ -n "$STARTED_AGAIN" ]; then
    _name=$STARTED_AGAIN
    STARTED_AGAIN=''
    if docker start "$_name" >/dev/null 2>&1; then
      log "started container $_name again"
    else
      log "ERROR: could not start container $_name again: start it by hand"
    fi
  fi
}

on_exit_hook() {
  restart_stopped_container
  release_lock
  notify_at_exit
}

# claim_final_name: the verified TMP_FILE under its final name, its checksum first (a
# backup never appears without it). When the name of this second is taken, the next
# second's is tried; FINAL and FINAL_NAME are the name actually used.
claim_final_name() {
  _first=$FINAL_NAME
  _tries=0
  while :; do
    (umask 077 && printf '%s  %s\n' "$_sum" "$FINAL_NAME" >"$TMP_SUM") ||
      { fail_backup "cannot write the checksum file"; return 1; }
    give_to_backup_dir_owner "$TMP_SUM" ||
      { fail_backup "cannot give the checksum file to the owner of $BACKUP_DIR"; return 1; }
    if claim "$TMP_SUM" "$FINAL.sha256"; then
      claim "$TMP_FILE" "$FINAL" && break
      # the backup's name went to another writer between the two: give the checksum back
      rm -f "$FINAL.sha256"
    fi
    [ -e "$FINAL" ] || [ -e "$FINAL.sha256" ] ||
      { fail_backup "cannot rename $TMP_FILE to $FINAL"; return 1; }
    _tries=$((_tries + 1))
    [ "$_tries" -lt 60 ] ||
      { fail_backup "$_first and the names of the next 59 seconds are all taken"; return 1; }
    STAMP_EPOCH=$((STAMP_EPOCH + 1))
    FINAL_NAME="$CONTAINER-$(stamp_of "$STAMP_EPOCH").$EXT.gz"
    FINAL="$BACKUP_DIR/$FINAL_NAME"
  done
  if [ "$FINAL_NAME" != "$_first" ]; then
    log "$_first was taken (another backup in the same second); this one is $FINAL_NAME"
  fi
}

# backup_container NAME: one verified backup of one container, or a non-zero return.
backup_container() {
  CONTAINER=$1
  TYPE=$(db_type "$CONTAINER")
  EXT=$(type_extension "$TYPE")
  HOST=$(db_host "$CONTAINER")
  DB=$(setting "$CONTAINER" DB_NAME)
  USER_NAME=$(setting "$CONTAINER" DB_USER)
  DB_FILE=$(setting "$CONTAINER" DB_PATH)
  PASSWORD=$(db_password "$CONTAINER")
  PORT=$(db_port "$CONTAINER" "$TYPE")

  # the name is claimed at the end (claim_final_name), where a name taken meanwhile moves it on
  STAMP_EPOCH=$(date +%s)
  STAMP=$(stamp_of "$STAMP_EPOCH")
  FINAL_NAME="$CONTAINER-$STAMP.$EXT.gz"
  FINAL="$BACKUP_DIR/$FINAL_NAME"
  TMP_FILE="$BACKUP_DIR/.$FINAL_NAME.tmp.$$"
  TMP_SUM="$BACKUP_DIR/.$FINAL_NAME.sha256.tmp.$$"
  add_temp "$TMP_FILE"
  add_temp "$TMP_SUM"
  : >"$WORK_DIR/err"
  (umask 077 && : >"$TMP_FILE") 2>/dev/null ||
    { fail_backup "cannot create $TMP_FILE (is $BACKUP_DIR writable?)"; return 1; }

  END_MARKER=''
  log "backup of $CONTAINER ($TYPE) started"
  case $TYPE in
    postgres) backup_postgres || return 1 ;;
    mysql | mariadb) backup_mysql || return 1 ;;
    redis) backup_redis || return 1 ;;
    sqlite) backup_sqlite || return 1 ;;
  esac

  verify_written || return 1
  chmod 600 "$TMP_FILE"
  give_to_backup_dir_owner "$TMP_FILE" ||
    { fail_backup "cannot give the backup to the owner of $BACKUP_DIR"; return 1; }
  claim_final_name || return 1
  log "backup of $CONTAINER written: $FINAL ($(wc -c <"$FINAL" | tr -d ' ') bytes, sha256 $_sum)"
  [ -z "$SAFETY_COPY" ] || return 0
  # with a bucket configured, a run succeeds only once the copy is there too (the healthcheck sees it)
  if s3_enabled && ! s3_upload "$FINAL"; then
    log "ERROR: remote copy of $FINAL_NAME failed; the local backup is kept"
    notify_failed "$CONTAINER" upload
    return 1
  fi
  date +%s >"$(last_success_file "$CONTAINER")" 2>/dev/null || log "cannot record the time of this backup for the healthcheck"
  NEW_BACKUPS="$NEW_BACKUPS$CONTAINER $FINAL$NL"
}

# drill_new_backups: with BACKUP_RESTORE_TEST=after-backup, a restore drill of each new backup
# (restore.sh --drill, under this run's lock). A failed drill is alerted and shown by the
# healthcheck; the backup itself stays good, so the run does not fail for it.
NEW_BACKUPS=''
drill_new_backups() {
  [ "$(restore_test_mode)" = after-backup ] || return 0
  printf '%s' "$NEW_BACKUPS" | while read -r _c _file; do
    DOCKSTART_LOCK_HOLDER=$$ sh "$SCRIPT_DIR/restore.sh" --drill "$_file" </dev/null ||
      { log "ERROR: restore drill of $_file failed (see above)"; echo "$_c"; }
  done >"$WORK_DIR/drill-failed"
  while read -r _c; do
    notify_failed "$_c" drill
  done <"$WORK_DIR/drill-failed"
}

SAFETY_COPY=''
main() {
  case ${1:-} in
    -h | --help) usage ;;
    --safety-copy) [ $# -eq 2 ] || usage; SAFETY_COPY=1; notify_off; shift ;;
  esac
  [ $# -le 1 ] || usage
  _all=$(configured_containers)
  for _c in $_all; do
    validate_container "$_c"
  done
  if [ $# -eq 1 ]; then
    _found=''
    for _c in $_all; do
      [ "$_c" = "$1" ] && _found=1
    done
    [ -n "$_found" ] || die "'$1' is not a configured container (configured: $(printf '%s' "$_all" | tr '\n' ' '))"
    _all=$1
  fi
  check_backup_dir_writable
  install_cleanup_trap
  make_work_dir
  # restore.sh holds the lock while it runs this for its safety copy
  if [ -z "$SAFETY_COPY" ] || ! lock_held_by "${DOCKSTART_LOCK_HOLDER:-}"; then
    acquire_lock
  fi
  choose_compressor
  if [ -n "$SAFETY_COPY" ]; then
    safety_copy "$1"
    return
  fi

  _failed=''
  _done=''
  for _c in $_all; do
    if backup_container "$_c"; then
      _done="$_done $_c"
    else
      _failed="$_failed $_c"
      notify_failed "$_c" backup
    fi
    remove_temps_of_run
  done
  # rotation only after a successful backup of that container
  for _c in $_done; do
    rotate_container "$_c" "$(type_extension "$(db_type "$_c")")" ||
      { log "ERROR: rotation of $_c failed"; notify_failed "$_c" rotation; }
    rotate_safety_copies "$_c" "$(type_extension "$(db_type "$_c")")" ||
      { log "ERROR: rotation of the safety copies of $_c failed"; notify_failed "$_c" rotation; }
    if s3_enabled; then
      s3_rotate "$_c" "$(type_extension "$(db_type "$_c")")" ||
        { log "ERROR: remote rotation of $_c failed"; notify_failed "$_c" remote-rotation; }
    fi
  done
  drill_new_backups
  if [ -n "$_failed" ]; then
    log "ERROR: backup failed for:$_failed"
    exit 1
  fi
  log "backup finished for:$_done"
}

# safety_copy NAME: one copy of NAME into SAFETY_DIR, written and checked like a backup; its
# path on stdout. It is kept apart so that it never counts as a backup (keep-minimum, latest).
safety_copy() {
  if [ ! -d "$SAFETY_DIR" ]; then
    (umask 077 && mkdir -p "$SAFETY_DIR") || die "cannot create $SAFETY_DIR for the safety copy"
    give_to_backup_dir_owner "$SAFETY_DIR" || die "cannot give $SAFETY_DIR to the owner of $BACKUP_DIR"
  fi
  BACKUP_DIR=$SAFETY_DIR
  backup_container "$1" || die "the safety copy of $1 failed"
  printf '%s\n' "$FINAL"
}

# temporaries of one container's run go before the next container starts
remove_temps_of_run() {
  _old_ifs=$IFS
  IFS=$NL
  for _t in $TEMP_FILES; do
    [ "$_t" = "$WORK_DIR" ] || rm -f "$_t"
  done
  IFS=$_old_ifs
  TEMP_FILES="$WORK_DIR$NL"
}

main "$@"
