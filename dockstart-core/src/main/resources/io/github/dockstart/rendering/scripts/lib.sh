#!/bin/sh
# shellcheck disable=SC2034 # variables set here are used by the scripts that source it
# Shared functions of the dockstart backup sidecar scripts.
# Sourced by backup.sh, rotate.sh, restore.sh, entrypoint.sh and healthcheck.sh;
# every path and address comes from the environment (see the sidecar contract).
# POSIX sh for BusyBox ash: no arrays, no [[ ]], no process substitution.

BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_RETENTION_DAYS=${BACKUP_RETENTION_DAYS:-7}
BACKUP_KEEP_MIN=${BACKUP_KEEP_MIN:-3}
# safety copies, taken before a restore replaces data, are kept apart from the backups
BACKUP_SAFETY_KEEP=${BACKUP_SAFETY_KEEP:-3}
SAFETY_DIR="$BACKUP_DIR/safety"
BACKUP_SCHEDULE=${BACKUP_SCHEDULE:-0 3 * * *}
BACKUP_GZIP_LEVEL=${BACKUP_GZIP_LEVEL:-}
TZ=${TZ:-UTC}
export TZ

# The log goes to stderr, which `docker logs` shows; never log a password.
log() {
  printf '%s %s: %s\n' "$(date +%Y-%m-%dT%H:%M:%S%z)" "${SCRIPT_NAME:-dockstart}" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

is_uint() {
  case $1 in
    '' | *[!0-9]*) return 1 ;;
    *) return 0 ;;
  esac
}

# --- configuration -------------------------------------------------------

# Containers to back up: DB_CONTAINERS (several) or DB_CONTAINER (single form).
configured_containers() {
  if [ -n "${DB_CONTAINERS:-}" ]; then
    printf '%s\n' "$DB_CONTAINERS" | tr -s '[:space:]' '\n' | sed '/^$/d'
  elif [ -n "${DB_CONTAINER:-}" ]; then
    printf '%s\n' "$DB_CONTAINER"
  else
    die "neither DB_CONTAINERS nor DB_CONTAINER is set: the sidecar does not know which database to back up"
  fi
}

# Container names become file name prefixes and glob patterns: keep them plain.
check_container_name() {
  case $1 in
    '' | [!A-Za-z0-9]* | *[!A-Za-z0-9_.-]*)
      die "container name '$1' is not valid: use letters, digits, '_', '.' or '-'" ;;
  esac
}

# Settings prefix of a container: upper case, every char outside [A-Z0-9] -> '_'.
container_key() {
  printf '%s' "$1" | tr '[:lower:]' '[:upper:]' | tr -c 'A-Z0-9' '_'
}

# setting CONTAINER NAME: value of NAME (e.g. DB_TYPE) for the container, or empty.
setting() {
  if [ -n "${DB_CONTAINERS:-}" ]; then
    _setting_var="$(container_key "$1")_$2"
  else
    _setting_var=$2
  fi
  eval "printf '%s' \"\${$_setting_var:-}\""
}

# Name of the variable `setting` reads, for error messages.
setting_name() {
  if [ -n "${DB_CONTAINERS:-}" ]; then
    printf '%s_%s' "$(container_key "$1")" "$2"
  else
    printf '%s' "$2"
  fi
}

db_type() {
  _type=$(setting "$1" DB_TYPE)
  case $_type in
    postgres | mysql | mariadb | redis | sqlite) printf '%s' "$_type" ;;
    '') die "$(setting_name "$1" DB_TYPE) is not set for container '$1' (use postgres, mysql, mariadb, redis or sqlite)" ;;
    *) die "$(setting_name "$1" DB_TYPE)='$_type' is not a supported database type (use postgres, mysql, mariadb, redis or sqlite)" ;;
  esac
}

type_extension() {
  case $1 in
    postgres | mysql | mariadb) printf 'sql' ;;
    redis) printf 'rdb' ;;
    sqlite) printf 'db' ;;
  esac
}

default_port() {
  case $1 in
    postgres) printf '5432' ;;
    mysql | mariadb) printf '3306' ;;
    redis) printf '6379' ;;
  esac
}

db_host() {
  _host=$(setting "$1" DB_HOST)
  printf '%s' "${_host:-$1}"
}

db_port() {
  _port=$(setting "$1" DB_PORT)
  _port=${_port:-$(default_port "$2")}
  [ "$2" = sqlite ] || is_uint "$_port" || die "$(setting_name "$1" DB_PORT)='$_port' is not a port number"
  printf '%s' "$_port"
}

# validate_container NAME: every setting a backup or restore of NAME needs, checked
# up front (outside any `if`, where set -e would not stop a failing check).
validate_container() {
  check_container_name "$1"
  _vtype=$(db_type "$1")
  db_port "$1" "$_vtype" >/dev/null
  case $_vtype in
    postgres | mysql | mariadb)
      [ -n "$(setting "$1" DB_NAME)" ] || die "$(setting_name "$1" DB_NAME) is not set for container $1"
      [ -n "$(setting "$1" DB_USER)" ] || die "$(setting_name "$1" DB_USER) is not set for container $1" ;;
    sqlite)
      [ -n "$(setting "$1" DB_PATH)" ] || die "$(setting_name "$1" DB_PATH) is not set for container $1" ;;
  esac
  _vpw=$(setting "$1" DB_PASSWORD_FILE)
  if [ -n "$_vpw" ] && [ ! -r "$_vpw" ]; then
    die "$(setting_name "$1" DB_PASSWORD_FILE)=$_vpw is not a readable file"
  fi
}

# The password of a container: DB_PASSWORD, or the content of DB_PASSWORD_FILE
# (Docker secrets). Printed to stdout for capture into a variable, never logged.
db_password() {
  _pw_file=$(setting "$1" DB_PASSWORD_FILE)
  if [ -n "$_pw_file" ]; then
    [ -r "$_pw_file" ] || die "$(setting_name "$1" DB_PASSWORD_FILE)=$_pw_file is not a readable file"
    # command substitution drops the trailing newline of the file
    printf '%s' "$(cat "$_pw_file")"
  else
    setting "$1" DB_PASSWORD
  fi
}

# --- backup file names -----------------------------------------------------

# Shell glob of the backups of container $1 with extension $2:
# {container}-{YYYY-MM-DD}T{HH-MM-SS}.{ext}.gz
D='[0-9]'
backup_glob() {
  printf '%s-%s%s%s%s-%s%s-%s%sT%s%s-%s%s-%s%s.%s.gz' "$1" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$D" "$2"
}

# is_backup_name NAME CONTAINER EXT: the exact name pattern of that container's backups, with a
# time that exists (2026-02-30 and 24-00-00 do not), as BackupFileName.parse says
# (NamePatternParityTest).
is_backup_name() {
  # shellcheck disable=SC2254 # the pattern is meant to be a glob
  case $1 in
    $(backup_glob "$2" "$3")) ;;
    *) return 1 ;;
  esac
  # no forks: rotation calls this for every file in the folder
  _rest=${1#"$2"-}
  _year=${_rest%%-*}
  _rest=${_rest#????-}
  _month=${_rest%%-*}
  _rest=${_rest#??-}
  _day=${_rest%%T*}
  _rest=${_rest#??T}
  _hour=${_rest%%-*}
  _rest=${_rest#??-}
  _minute=${_rest%%-*}
  _rest=${_rest#??-}
  _second=${_rest%%.*}
  # leading zeros would make the arithmetic octal
  while [ "${_year#0}" != "$_year" ]; do _year=${_year#0}; done
  _year=${_year:-0}
  case $_month in
    04 | 06 | 09 | 11) _days=30 ;;
    02) if [ $((_year % 4)) -eq 0 ] && { [ $((_year % 100)) -ne 0 ] || [ $((_year % 400)) -eq 0 ]; }; then _days=29; else _days=28; fi ;;
    *) _days=31 ;;
  esac
  [ "${_month#0}" -ge 1 ] && [ "${_month#0}" -le 12 ] && [ "${_day#0}" -ge 1 ] && [ "${_day#0}" -le "$_days" ] &&
    [ "${_hour#0}" -le 23 ] && [ "${_minute#0}" -le 59 ] && [ "${_second#0}" -le 59 ]
}

timestamp_now() {
  date +%Y-%m-%dT%H-%M-%S
}

# stamp_of EPOCH: the name time of that second in TZ.
stamp_of() {
  date -d "@$1" +%Y-%m-%dT%H-%M-%S
}

# A backup whose name time lies more than this ahead of the clock is future-dated: a
# clock that jumped forward wrote it (or the clock is behind now). Five minutes cover
# clocks a little apart and a name moved on by a second; the Java side has the same
# BackupFileName.FUTURE_TOLERANCE.
FUTURE_TOLERANCE_SECONDS=300

# future_stamp EPOCH: name times greater than this are future-dated at EPOCH.
future_stamp() {
  stamp_of "$(($1 + FUTURE_TOLERANCE_SECONDS))"
}

# --- compression -------------------------------------------------------------

# Three compressors, all writing plain gzip:
#   DUMP_COMPRESS  SQL dump text, streamed while the database holds its snapshot open.
#                  igzip (ISA-L) at its level 1 deflates such text about 15x faster than
#                  zlib at level 6 and, on the dumps in docs/BENCHMARKS.md, no larger.
#   FILE_COMPRESS  finished binary snapshots (RDB, SQLite pages), where zlib's deeper
#                  search saves 5-8 %: pigz on every core, else gzip, at level 6.
#   DECOMPRESS     igzip inflates fastest; every one of them checks CRC and length.
# BACKUP_GZIP_LEVEL (1-9) asks for zlib at that level for everything.
choose_compressor() {
  case $BACKUP_GZIP_LEVEL in
    '' | [1-9]) ;;
    *) die "BACKUP_GZIP_LEVEL='$BACKUP_GZIP_LEVEL' is not a gzip level (use 1 to 9, or leave it unset)" ;;
  esac
  _level=${BACKUP_GZIP_LEVEL:-6}
  if command -v pigz >/dev/null 2>&1; then
    FILE_COMPRESS="pigz -$_level"
    DECOMPRESS="pigz -dc"
  elif gzip -"$_level" </dev/null >/dev/null 2>&1; then
    FILE_COMPRESS="gzip -$_level"
    DECOMPRESS="gzip -dc"
  else
    FILE_COMPRESS="gzip"
    DECOMPRESS="gzip -dc"
  fi
  DUMP_COMPRESS=$FILE_COMPRESS
  if command -v igzip >/dev/null 2>&1; then
    DECOMPRESS="igzip -dc"
    [ -n "$BACKUP_GZIP_LEVEL" ] || DUMP_COMPRESS="igzip -1 -c"
  fi
}

# gzip_ok FILE: the whole gzip stream decompresses and its CRC matches.
gzip_ok() {
  $DECOMPRESS "$1" >/dev/null 2>&1
}

# pg_dump_head: the first 64 bytes of a PostgreSQL dump read on stdin, after the roles section a
# backup starts with (pg_roles_section, whose first lines repeat pg_dump's header): so that what
# dump_header_ok checks is pg_dump's own header, whatever came before it.
pg_dump_head() {
  awk '
    NR < 4 { held[NR] = $0; next }
    NR == 4 && index($0, "-- preceded by the roles it needs (dockstart") == 1 { skip = 1; next }
    NR == 4 { for (i = 1; i < 4; i++) print held[i] }
    skip { if ($0 == "-- end of the roles (dockstart)") skip = 0; next }
    { print; if (++n >= 4) { done = 1; exit } }
    END { if (!done && NR < 4) for (i = 1; i <= NR; i++) print held[i] }' | head -c 64
}

# dump_header_ok TYPE HEAD: HEAD (the first 64 bytes of a dump) holds the header line its
# client writes first: '-- PostgreSQL database dump' (pg_dump), '-- MariaDB dump ...' or
# '-- MySQL dump ...' (mariadb-dump, mysqldump). The same rule as the host's BackupContent.
dump_header_ok() {
  case $1 in
    postgres) printf '%s\n' "$2" | grep -q -x -- '-- PostgreSQL database dump' ;;
    mysql | mariadb) printf '%s\n' "$2" | grep -q -E -- '^-- (MariaDB|MySQL) dump ' ;;
    *) return 1 ;;
  esac
}

# rdb_trailing_bytes FILE: how many bytes follow the end of the RDB snapshot FILE ends with:
# 0 when it ends with the end-of-file opcode 0xFF and its 8-byte checksum, 40 when the mark
# of a diskless transfer follows (redis-cli --rdb - cannot take it back, so host backups may
# carry it); status 1 when there is no end-of-file opcode there (the snapshot was cut short).
# The same rule as the host's RdbFormat.
rdb_trailing_bytes() {
  if [ "$(tail -c 9 "$1" | head -c 1 | od -An -tx1 | tr -d ' \n')" = ff ]; then
    echo 0
  elif [ "$(tail -c 49 "$1" | head -c 1 | od -An -tx1 | tr -d ' \n')" = ff ] &&
    [ "$(tail -c 40 "$1" | tr -d '0-9a-f' | wc -c)" -eq 0 ]; then
    echo 40
  else
    return 1
  fi
}

# sha256_of FILE: the hex digest only.
sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# --- temporary files ---------------------------------------------------------

# Temporary files are removed on every exit, also on failure and signals.
# The list is newline separated, so paths with blanks survive.
NL='
'
TEMP_FILES=''
add_temp() {
  TEMP_FILES="$TEMP_FILES$1$NL"
}

remove_temps() {
  _old_ifs=$IFS
  IFS=$NL
  for _t in $TEMP_FILES; do
    rm -rf "$_t"
  done
  IFS=$_old_ifs
  TEMP_FILES=''
}

install_cleanup_trap() {
  # EXIT_STATUS: the script's exit status, for on_exit_hook (notify.sh's alerts)
  trap 'EXIT_STATUS=$?; remove_temps; on_exit_hook' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
}

on_exit_hook() {
  :
}

# Private scratch directory (mode 0700) for error output and client option files.
make_work_dir() {
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dockstart.XXXXXX") || die "cannot create a temporary directory in ${TMPDIR:-/tmp}"
  chmod 700 "$WORK_DIR"
  add_temp "$WORK_DIR"
}

# --- lock ------------------------------------------------------------------

# One backup or rotation at a time per backup directory. mkdir is atomic; the lock
# records the owner's pid and start time so that a lock left by a killed run
# (or by a container that was restarted) is recognised as stale.
LOCK_DIR=''
process_start_time() {
  [ -r "/proc/$1/stat" ] || return 1
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

acquire_lock() {
  _lock="$BACKUP_DIR/.dockstart.lock"
  _me_start=$(process_start_time $$ || true)
  _tries=0
  while ! mkdir "$_lock" 2>/dev/null; do
    _owner=$(cat "$_lock/pid" 2>/dev/null || true)
    _owner_start=$(cat "$_lock/start" 2>/dev/null || true)
    if [ -n "$_owner" ] && [ "$(process_start_time "$_owner" || true)" = "$_owner_start" ]; then
      die "another backup or rotation is running (pid $_owner, lock $_lock); not starting a second one"
    fi
    _tries=$((_tries + 1))
    if [ "$_tries" -gt 3 ]; then
      die "cannot take the lock $_lock"
    fi
    if [ -z "$_owner" ]; then
      # the owner may be between mkdir and writing its pid
      sleep 1
      _owner=$(cat "$_lock/pid" 2>/dev/null || true)
      [ -n "$_owner" ] && continue
    fi
    log "removing a stale lock $_lock left by pid ${_owner:-unknown}"
    rm -rf "$_lock"
  done
  LOCK_DIR=$_lock
  printf '%s\n' "$_me_start" >"$_lock/start"
  printf '%s\n' "$$" >"$_lock/pid"
}

# lock_held_by PID: the lock is taken by that live process (restore.sh, for its safety copy).
lock_held_by() {
  [ -n "$1" ] || return 1
  _holder=$(cat "$BACKUP_DIR/.dockstart.lock/pid" 2>/dev/null || true)
  [ "$_holder" = "$1" ] &&
    [ "$(process_start_time "$1" || true)" = "$(cat "$BACKUP_DIR/.dockstart.lock/start" 2>/dev/null || true)" ]
}

release_lock() {
  if [ -n "$LOCK_DIR" ]; then
    rm -rf "$LOCK_DIR"
    LOCK_DIR=''
  fi
}

check_backup_dir_writable() {
  [ -d "$BACKUP_DIR" ] || die "backup directory $BACKUP_DIR does not exist"
  _probe="$BACKUP_DIR/.dockstart-write-test.$$"
  if ! (: >"$_probe") 2>/dev/null; then
    die "backup directory $BACKUP_DIR is not writable by user $(id -un 2>/dev/null || id -u)"
  fi
  rm -f "$_probe"
}

# give_to_backup_dir_owner FILE...: a backup belongs to whoever owns BACKUP_DIR (through the bind
# mount, the developer on the host), so that the host goals read it without sudo; mode 0600 stays.
# Only root can give files away; any other user already writes them as itself.
give_to_backup_dir_owner() {
  [ "$(id -u)" = 0 ] || return 0
  _owner=$(stat -c %u:%g "$BACKUP_DIR") || return 1
  chown "$_owner" "$@"
}

# --- health state --------------------------------------------------------

# Epoch seconds of the last successful backup of each container, read by healthcheck.sh.
last_success_file() {
  printf '%s/.last-success.%s' "$BACKUP_DIR" "$1"
}

started_file() {
  printf '%s/.sidecar-started' "$BACKUP_DIR"
}

# --- rotation ----------------------------------------------------------------

# expired_backups CONTAINER EXT CUTOFF FUTURE KEEP_MIN [AHEAD_FILE]: the one selection
# of rotation, for the backup directory (rotate_container) and the bucket (s3_rotate in
# s3.sh) alike. Reads a listing, one name per line (a directory's, or a bucket's without
# the prefix), and prints the backups of CONTAINER to delete: of the names
# CONTAINER-{stamp}.EXT.gz, those whose stamp is older than CUTOFF, except the newest
# KEEP_MIN good ones (at least one; a good backup has NAME.sha256 in the listing). A
# stamp after FUTURE is future-dated: kept, counted towards nothing, and named in
# AHEAD_FILE when given. One awk pass, no process per name.
# The same rule as the Java RetentionPolicy (RotationParityTest and
# BucketRotationParityTest compare them).
expired_backups() {
  awk -v prefix="$1-" -v ext=".$2.gz" -v cutoff="$3" -v future="$4" -v keep="$5" -v ahead="${6:-}" '
    function is_backup(name,   stamp, rest) {
      if (substr(name, 1, length(prefix)) != prefix) return 0
      rest = substr(name, length(prefix) + 1)
      if (length(rest) != 19 + length(ext)) return 0
      if (substr(rest, 20) != ext) return 0
      stamp = substr(rest, 1, 19)
      return stamp ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/
    }
    { present[$0] = 1; if (is_backup($0)) names[n++] = $0 }
    END {
      # insertion sort would be quadratic for 10,000 files: use a heap sort, newest first
      for (i = int(n / 2) - 1; i >= 0; i--) sift(i, n)
      for (end = n - 1; end > 0; end--) { t = names[0]; names[0] = names[end]; names[end] = t; sift(0, end) }
      good = 0
      if (keep + 0 < 1) keep = 1
      for (i = 0; i < n; i++) {
        name = names[i]
        stamp = substr(name, length(prefix) + 1, 19)
        is_good = ((name ".sha256") in present)
        if (stamp > future) { if (ahead != "") print name > ahead; continue }
        if (stamp >= cutoff) { if (is_good) good++; continue }
        if (is_good && good < keep) { good++; continue }
        print name
      }
    }
    # min-heap on names (timestamps sort as text), so the sorted array is descending
    function sift(root, size,   child, t) {
      while (2 * root + 1 < size) {
        child = 2 * root + 1
        if (child + 1 < size && names[child + 1] < names[child]) child++
        if (names[root] <= names[child]) return
        t = names[root]; names[root] = names[child]; names[child] = t
        root = child
      }
    }
  '
}

# rotate_container CONTAINER EXT [DRY_RUN]: delete backups older than
# BACKUP_RETENTION_DAYS, judged by the time in the file name (copies lose mtimes),
# but never below BACKUP_KEEP_MIN good backups (a good backup has its .sha256 beside
# it), and never the newest good one, even with BACKUP_KEEP_MIN=0. A future-dated
# backup (see future_stamp) stays but counts as none of them, so a clock that jumped
# cannot make rotation delete the real backups. Only regular files named by the exact
# pattern are considered; hidden temporaries of a running backup, directories and any
# other file are left alone. One awk pass, no process per file.
# The same rule as the Java RetentionPolicy (RotationParityTest compares them).
rotate_container() {
  _c=$1
  _ext=$2
  _dry=${3:-}
  is_uint "$BACKUP_RETENTION_DAYS" || die "BACKUP_RETENTION_DAYS='$BACKUP_RETENTION_DAYS' is not a whole number of days"
  is_uint "$BACKUP_KEEP_MIN" || die "BACKUP_KEEP_MIN='$BACKUP_KEEP_MIN' is not a whole number"
  _now=$(date +%s)
  _cutoff=$(date -d "@$((_now - BACKUP_RETENTION_DAYS * 86400))" +%Y-%m-%dT%H-%M-%S)
  _future=$(future_stamp "$_now")
  _doomed="$WORK_DIR/rotate.$_c"
  _ahead="$WORK_DIR/future.$_c"
  : >"$_ahead"
  # ls -A lists names only, -p marks directories with a trailing / (so no name of them
  # fits the pattern)
  # shellcheck disable=SC2012 # names only; expired_backups keeps those of the strict pattern
  ls -Ap "$BACKUP_DIR" | expired_backups "$_c" "$_ext" "$_cutoff" "$_future" "$BACKUP_KEEP_MIN" "$_ahead" >"$_doomed"
  if [ -s "$_ahead" ]; then
    log "rotation of $_c: kept $(wc -l <"$_ahead" | tr -d ' ') future-dated backups (named after now, $(date +%Y-%m-%dT%H-%M-%S) $TZ: a clock was wrong when they were written, or is now); they count towards no minimum: $(tr '\n' ' ' <"$_ahead")"
  fi
  _count=$(wc -l <"$_doomed" | tr -d ' ')
  if [ "$_count" -eq 0 ]; then
    log "rotation of $_c: nothing older than $BACKUP_RETENTION_DAYS days to delete (keeping at least $BACKUP_KEEP_MIN)"
    return 0
  fi
  if [ -n "$_dry" ]; then
    sed 's/^/would delete /' "$_doomed" >&2
    log "rotation of $_c (dry run): would delete $_count backups older than $_cutoff"
    return 0
  fi
  # names match the strict pattern, so they hold no blanks or quotes for xargs
  (cd "$BACKUP_DIR" && sed 'p; s/$/.sha256/' "$_doomed" | xargs rm -f) ||
    die "rotation of $_c: could not delete every old backup in $BACKUP_DIR"
  log "rotation of $_c: deleted $_count backups older than $_cutoff (kept at least $BACKUP_KEEP_MIN good ones)"
}

# rotate_safety_copies CONTAINER EXT [DRY_RUN]: keep the newest BACKUP_SAFETY_KEEP safety copies
# of the container in SAFETY_DIR (by the time in the name), delete the older ones with their
# .sha256. They are not backups: retention days and keep-minimum are not theirs. The same rule
# as the host's SafetyRetention.
rotate_safety_copies() {
  is_uint "$BACKUP_SAFETY_KEEP" || die "BACKUP_SAFETY_KEEP='$BACKUP_SAFETY_KEEP' is not a whole number"
  [ -d "$SAFETY_DIR" ] || return 0
  _doomed="$WORK_DIR/rotate-safety.$1"
  # names of the strict pattern sort by time as text; ls -A lists names only
  # shellcheck disable=SC2012 # the pattern check below keeps only backup names
  ls -A "$SAFETY_DIR" | while IFS= read -r _n; do
    if is_backup_name "$_n" "$1" "$2"; then printf '%s\n' "$_n"; fi
  done | sort -r | tail -n +"$((BACKUP_SAFETY_KEEP + 1))" >"$_doomed"
  _count=$(wc -l <"$_doomed" | tr -d ' ')
  [ "$_count" -gt 0 ] || return 0
  if [ -n "${3:-}" ]; then
    sed 's|^|would delete safety/|' "$_doomed" >&2
    log "rotation of $1 (dry run): would delete $_count safety copies (keeping the newest $BACKUP_SAFETY_KEEP)"
    return 0
  fi
  (cd "$SAFETY_DIR" && sed 'p; s/$/.sha256/' "$_doomed" | xargs rm -f) ||
    die "rotation of $1: could not delete the old safety copies in $SAFETY_DIR"
  log "rotation of $1: deleted $_count safety copies (kept the newest $BACKUP_SAFETY_KEEP)"
}

# latest_backup CONTAINER EXT: the newest backup of the container by the time in its name, or
# nothing. Safety copies live in SAFETY_DIR and are never it; a future-dated backup (see
# future_stamp) is not either, or a clock that jumped would make it latest for good; it is
# restored by its name. Names are in TZ, the host's too, so their order is real time.
# Directories named like a backup are no backup (ls -p marks them). The host's "latest" is the same.
latest_backup() {
  _latest_future=$(future_stamp "$(date +%s)")
  # shellcheck disable=SC2012 # the pattern check below keeps only backup names
  ls -Ap "$BACKUP_DIR" | while IFS= read -r _n; do
    if is_backup_name "$_n" "$1" "$2"; then printf '%s\n' "$_n"; fi
  done | awk -v c="$1" -v future="$_latest_future" 'substr($0, length(c) + 2, 19) <= future' | sort -r | head -n 1
}

# --- SQLite ------------------------------------------------------------------

# sqlite_in_use FILE: another process has the database open. In WAL mode every open connection
# keeps a shared lock for as long as it is open, otherwise one inside a transaction does; asking
# for an exclusive lock without waiting tells which. A damaged file fails otherwise: not in use.
# The same probe as the host's SqliteAccess.
sqlite_in_use() {
  [ -f "$1" ] || return 1
  _probe=$(sqlite3 -bail "$1" 'PRAGMA locking_mode=EXCLUSIVE' 'BEGIN EXCLUSIVE' 'COMMIT' 2>&1 >/dev/null) && return 1
  case $_probe in
    *"database is locked"* | *"database is busy"*) return 0 ;;
    *) return 1 ;;
  esac
}

# sqlite_wal_mode FILE: the file header's read and write versions (offsets 18, 19) are 2 in WAL mode.
sqlite_wal_mode() {
  [ -f "$1" ] && [ "$(od -An -tu1 -j18 -N2 "$1" | tr -s ' ' | sed 's/^ //')" = "2 2" ]
}

# --- schedule ----------------------------------------------------------------

# check_schedule: BACKUP_SCHEDULE must be a schedule supercronic runs as meant: five
# fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of week
# 0-6 or sun-sat, or 7 alone) of comma lists of *, values and ranges a-b (a <= b), each
# with an optional step /n (1 to the field's largest value), or a shorthand such as @daily.
# No seconds or years fields, no ? L W #: nothing else may reach the crontab line.
# The same rule as the Java CronSchedule, which checks it at generate time
# (CronScheduleParityTest feeds both the same expressions).
check_schedule() {
  case $BACKUP_SCHEDULE in
    *[!0-9A-Za-z*/,@\ -]*) die "BACKUP_SCHEDULE='$BACKUP_SCHEDULE' contains characters that are not part of a cron expression" ;;
  esac
  # split into fields without expanding '*' as a file name pattern
  set -f
  # shellcheck disable=SC2086 # split the expression into its fields
  set -- $BACKUP_SCHEDULE
  set +f
  case ${1:-} in
    @*)
      if [ $# -eq 1 ]; then
        case $1 in
          @hourly | @daily | @weekly | @monthly | @yearly | @annually) return 0 ;;
        esac
      fi
      die "BACKUP_SCHEDULE='$BACKUP_SCHEDULE' is not a cron expression; the shorthands supercronic knows are @hourly @daily @weekly @monthly @yearly @annually" ;;
  esac
  [ $# -eq 5 ] || die "BACKUP_SCHEDULE='$BACKUP_SCHEDULE' has $# fields; a cron expression has 5 (minute hour day-of-month month day-of-week), without seconds or years"
  _problem=$(echo "$1 $2 $3 $4 $5" | awk '
    BEGIN {
      split("minute hour day-of-month month day-of-week", fname, " ")
      split("0 0 1 1 0", lo, " "); split("59 23 31 12 6", hi, " "); split("59 23 31 12 6", maxstep, " ")
      split("jan feb mar apr may jun jul aug sep oct nov dec", m, " ")
      for (k = 1; k <= 12; k++) months[m[k]] = k
      split("sun mon tue wed thu fri sat", d, " ")
      for (k = 1; k <= 7; k++) days[d[k]] = k - 1
    }
    # the value of a number or three-letter name, -1 if neither; a day of week has one
    # digit (supercronic reads 05 there as Sunday)
    function value(s, i,   v, u) {
      if (i == 5 && s ~ /^[0-9]$/ || i != 5 && s ~ /^[0-9][0-9]?$/) {
        v = s + 0
        if (v < lo[i] || v > hi[i]) return -1
        return v
      }
      u = tolower(s)
      if (i == 4 && (u in months)) return months[u]
      if (i == 5 && (u in days)) return days[u]
      return -1
    }
    # *, a value or a range a-b, each with an optional step /n; Sunday as 7 only alone
    # (supercronic reads 7 as 0, so 0-7 would be Sunday only and 1-7 nothing)
    function element(e, i,   p, base, step, a, b) {
      if (i == 5 && e == "7") return 1
      base = e
      p = index(e, "/")
      if (p > 0) {
        step = substr(e, p + 1)
        if (step !~ /^[0-9][0-9]?$/ || step + 0 < 1 || step + 0 > maxstep[i]) return 0
        base = substr(e, 1, p - 1)
      }
      if (base == "*") return 1
      p = index(base, "-")
      if (p > 0) {
        a = value(substr(base, 1, p - 1), i); b = value(substr(base, p + 1), i)
        return a >= 0 && b >= 0 && a <= b
      }
      return value(base, i) >= 0
    }
    {
      for (i = 1; i <= 5; i++) {
        n = split($i, parts, ",")
        for (j = 1; j <= n; j++) {
          if (!element(parts[j], i)) {
            printf "has an invalid %s field '\''%s'\''", fname[i], $i
            exit
          }
        }
      }
    }')
  [ -z "$_problem" ] || die "BACKUP_SCHEDULE='$BACKUP_SCHEDULE' $_problem"
}

# schedule_interval_seconds: the longest time between two runs of BACKUP_SCHEDULE.
# Minute/hour/weekday fields (numbers, *, */N, a-b, a-b/N, lists, day names) are
# expanded into every run time of a day or a week and the largest gap is taken;
# a restricted day of month or month counts as 31 or 366 days.
schedule_interval_seconds() {
  case $BACKUP_SCHEDULE in
    @hourly) echo 3600; return ;;
    @daily | @midnight) echo 86400; return ;;
    @weekly) echo 604800; return ;;
    @monthly) echo 2678400; return ;;
    @yearly | @annually) echo 31622400; return ;;
  esac
  set -f
  # shellcheck disable=SC2086 # split the expression into its fields
  set -- $BACKUP_SCHEDULE
  set +f
  echo "$1 $2 $3 $4 $5" | awk '
    function expand(field, lo, hi, set,   parts, n, i, p, step, range, a, b, v, count) {
      for (v in set) delete set[v]
      count = 0
      n = split(field, parts, ",")
      for (i = 1; i <= n; i++) {
        p = parts[i]; step = 1
        if (index(p, "/") > 0) { step = substr(p, index(p, "/") + 1) + 0; p = substr(p, 1, index(p, "/") - 1); if (step < 1) return -1 }
        if (p == "*" || p == "?") { a = lo; b = hi }
        else if (index(p, "-") > 0) { a = name(substr(p, 1, index(p, "-") - 1)); b = name(substr(p, index(p, "-") + 1)) }
        else { a = name(p); b = index(parts[i], "/") > 0 ? hi : a }
        if (a < 0 || b < 0 || a < lo || b > hi || a > b) return -1
        for (v = a; v <= b; v += step) { if (!(v in set)) count++; set[v] = 1 }
      }
      return count
    }
    function name(s,   u) {
      u = toupper(s)
      if (u ~ /^[0-9]+$/) return u + 0
      if (u == "SUN") return 0; if (u == "MON") return 1; if (u == "TUE") return 2
      if (u == "WED") return 3; if (u == "THU") return 4; if (u == "FRI") return 5
      if (u == "SAT") return 6
      return -1
    }
    # largest circular gap between the values of set, whose cycle is period long
    function largest_gap(set, period,   v, list, n, i, j, t, gap) {
      n = 0
      for (v in set) list[++n] = v + 0
      for (i = 2; i <= n; i++) { t = list[i]; j = i - 1; while (j >= 1 && list[j] > t) { list[j + 1] = list[j]; j-- } list[j + 1] = t }
      gap = list[1] + period - list[n]
      for (i = 2; i <= n; i++) if (list[i] - list[i - 1] > gap) gap = list[i] - list[i - 1]
      return gap
    }
    {
      if (expand($1, 0, 59, mins) <= 0 || expand($2, 0, 23, hours) <= 0) { print 86400; exit }
      dom_all = ($3 == "*" || $3 == "?"); mon_all = ($4 == "*" || $4 == "?")
      dow_all = ($5 == "*" || $5 == "?")
      if (!mon_all) { print 31622400; exit }
      if (!dom_all) { print 2678400; exit }
      if (dow_all) { for (d = 0; d < 1; d++) days[d] = 1 }
      else {
        f = $5; gsub(/7/, "0", f)
        if (expand(f, 0, 6, days) <= 0) { print 2678400; exit }
      }
      period = dow_all ? 1440 : 10080
      for (d in days) for (h in hours) for (m in mins) times[d * 1440 + h * 60 + m] = 1
      print largest_gap(times, period) * 60
    }'
}

# max_backup_age_seconds: how old the last successful backup may be before the
# healthcheck reports unhealthy. BACKUP_MAX_AGE_SECONDS wins; otherwise the longest
# gap of BACKUP_SCHEDULE plus half of it plus 10 minutes for the backup itself
# (daily: 36 h 10 min, hourly: 1 h 40 min), so one missed run makes it unhealthy.
max_backup_age_seconds() {
  if [ -n "${BACKUP_MAX_AGE_SECONDS:-}" ]; then
    is_uint "$BACKUP_MAX_AGE_SECONDS" || die "BACKUP_MAX_AGE_SECONDS='$BACKUP_MAX_AGE_SECONDS' is not a number of seconds"
    echo "$BACKUP_MAX_AGE_SECONDS"
    return
  fi
  _interval=$(schedule_interval_seconds)
  echo $((_interval + _interval / 2 + 600))
}

# option_value TEXT: TEXT as a double-quoted value of a MySQL/MariaDB option file. Inside
# the quotes the parser turns \\ \" \n \r \t back into their characters, so any password can
# be written, a line break too (raw, it would end the line, and the client would complain
# about the rest of the password as an unknown option, in the log). Character by character:
# no sed or gsub escaping rules to get wrong; the '.' keeps a trailing line break in TEXT.
option_value() {
  printf '%s.' "$1" | awk '
    {
      if (NR > 1) out = out "\\n"
      n = length($0)
      for (i = 1; i <= n; i++) {
        c = substr($0, i, 1)
        if (c == "\\") c = "\\\\"
        else if (c == "\"") c = "\\\""
        else if (c == "\r") c = "\\r"
        else if (c == "\t") c = "\\t"
        out = out c
      }
    }
    END { printf "\"%s\"", substr(out, 1, length(out) - 1) }'
}

# mysql_option_file: the credentials for the MySQL/MariaDB clients in a private file
# given as --defaults-extra-file (the first option), so the password is in no argv.
# For MySQL (TYPE mysql), TLS without checking the server's certificate: MySQL signs its
# own, and MariaDB 11.4's clients (Alpine's) verify by default and then refuse to connect.
# [client-mariadb] is read by MariaDB's clients only; MySQL's own know no such option.
mysql_option_file() {
  _opt="$WORK_DIR/my.cnf"
  (umask 077 && : >"$_opt")
  {
    echo '[client]'
    printf 'user=%s\n' "$(option_value "$USER_NAME")"
    printf 'password=%s\n' "$(option_value "$PASSWORD")"
    printf 'host=%s\n' "$(option_value "$HOST")"
    printf 'port=%s\n' "$PORT"
    if [ "$TYPE" = mysql ]; then
      echo '[client-mariadb]'
      echo 'ssl-verify-server-cert=0'
    fi
  } >"$_opt"
  printf '%s' "$_opt"
}

# mysql_client NAME OTHER: the first of two client programs that is installed.
mysql_client() {
  if command -v "$1" >/dev/null 2>&1; then
    printf '%s' "$1"
  elif command -v "$2" >/dev/null 2>&1; then
    printf '%s' "$2"
  else
    return 1
  fi
}

# --- PostgreSQL roles ----------------------------------------------------------

# pg_roles_section: turns `pg_dumpall --roles-only --no-role-passwords` (stdin) into the
# section a PostgreSQL backup starts with, so that a restore into a fresh server finds the
# roles that own objects and hold grants. Every statement is idempotent and harmless where the
# role exists: a role is created only where it is missing (without a password: none was backed
# up), a membership granted only where one side was created by this section, and a lack of
# privilege is a warning, not an error (the dump's own OWNER TO then says what is missing).
# Role settings and comments are left out. The same rule as the host's PostgresRoles.
pg_roles_section() {
  # pg_dump's own first lines, where both sides' content checks look for them
  printf '%s\n' '--' '-- PostgreSQL database dump' '--' \
    '-- preceded by the roles it needs (dockstart; pg_dumpall --roles-only --no-role-passwords)' ''
  awk '
    function lit(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
    # the role name as pg_dumpall printed it: "quoted" (with "" inside) or plain
    function ident(s,   m) {
      if (substr(s, 1, 1) == "\"") { if (match(s, /^"([^"]|"")*"/)) return substr(s, 1, RLENGTH); return "" }
      if (match(s, /^[^ ;]+/)) return substr(s, 1, RLENGTH)
      return ""
    }
    /^CREATE ROLE / { role = ident(substr($0, 13)); next }
    /^ALTER ROLE / && role != "" && index($0, "ALTER ROLE " role " WITH ") == 1 {
      print "DO $dockstart$\nBEGIN\n  IF to_regrole(" lit(role) ") IS NULL THEN"
      print "    CREATE ROLE " role ";\n    " $0
      print "    PERFORM set_config(\047dockstart.created_roles\047, concat_ws(\047,\047, nullif(current_setting(\047dockstart.created_roles\047, true), \047\047), to_regrole(" lit(role) ")::oid::text), false);"
      print "    RAISE WARNING \047dockstart: created role % (without a password)\047, " lit(role) ";"
      print "  END IF;\nEXCEPTION WHEN insufficient_privilege THEN\n  RAISE WARNING \047dockstart: could not create role %: %\047, " lit(role) ", SQLERRM;\nEND\n$dockstart$;"
      role = ""
      next
    }
    /^GRANT / {
      granted = ident(substr($0, 7))
      rest = substr($0, 7 + length(granted))
      if (granted == "" || substr(rest, 1, 4) != " TO ") next
      member = ident(substr(rest, 5))
      if (member == "") next
      print "DO $dockstart$\nBEGIN\n  IF to_regrole(" lit(granted) ")::oid::text = ANY (string_to_array(current_setting(\047dockstart.created_roles\047, true), \047,\047))"
      print "     OR to_regrole(" lit(member) ")::oid::text = ANY (string_to_array(current_setting(\047dockstart.created_roles\047, true), \047,\047)) THEN"
      print "    " $0
      print "  END IF;\nEXCEPTION WHEN insufficient_privilege OR undefined_object THEN\n  RAISE WARNING \047dockstart: could not grant a role membership: %\047, SQLERRM;\nEND\n$dockstart$;"
    }
  '
  printf '%s\n' '' '-- end of the roles (dockstart)' ''
}

# --- PostgreSQL safety databases -------------------------------------------------

# A PostgreSQL restore keeps the database it replaced as {DB}_before_restore_{YYYYMMDDTHHMMSS}
# (see restore.sh); rotation keeps the newest BACKUP_SAFETY_KEEP (3) of each database. They are
# databases, not files in BACKUP_DIR: BACKUP_KEEP_MIN and the retention days do not apply.

pg_env() {
  export PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
  export PGHOST="$HOST" PGPORT="$PORT" PGUSER="$USER_NAME"
  export PGOPTIONS='-c client_min_messages=warning'
}

# pg_sql DATABASE [psql options]: runs the SQL on stdin, tuples only, stopping at the first error.
pg_sql() {
  _pg_db=$1
  shift
  psql -X -q -At --no-password -v ON_ERROR_STOP=1 --dbname="$_pg_db" "$@" -f -
}

# Safety databases of DB, newest first: NAME|bytes
pg_safety_databases() {
  pg_sql "$MAINT_DB" -v db="$DB" <<'SQL'
SELECT datname || '|' || pg_database_size(oid) FROM pg_database
 WHERE left(datname, length(:'db')) = :'db'
   AND substr(datname, length(:'db') + 1) ~ '^_before_restore_[0-9]{8}T[0-9]{6}$'
 ORDER BY datname DESC;
SQL
}

human_size() {
  awk -v b="$1" 'BEGIN { split("bytes kB MB GB TB", u, " "); i = 1; while (b >= 1024 && i < 5) { b /= 1024; i++ } printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'
}

# maintenance_database: a database other than DB to run CREATE, RENAME and DROP from.
maintenance_database() {
  for _m in postgres template1; do
    [ "$_m" != "$DB" ] || continue
    if echo 'SELECT 1;' | pg_sql "$_m" >/dev/null 2>&1; then
      printf '%s' "$_m"
      return 0
    fi
  done
  return 1
}

# pg_rotate_safety_databases CONTAINER [DRY_RUN]: drops all but the newest BACKUP_SAFETY_KEEP
# safety databases of the container's database, saying which stay and what they cost.
pg_rotate_safety_databases() {
  is_uint "$BACKUP_SAFETY_KEEP" || die "BACKUP_SAFETY_KEEP='$BACKUP_SAFETY_KEEP' is not a whole number"
  HOST=$(db_host "$1")
  PORT=$(db_port "$1" postgres)
  DB=$(setting "$1" DB_NAME)
  USER_NAME=$(setting "$1" DB_USER)
  PASSWORD=$(db_password "$1")
  pg_env
  # a server that is down has nothing to rotate now; the files were rotated all the same
  MAINT_DB=$(maintenance_database) ||
    { log "safety databases of $DB not looked at: cannot connect to $HOST:$PORT (database postgres or template1)"; unset PGPASSWORD; return 0; }
  _list=$(pg_safety_databases) || { log "ERROR: cannot list the safety databases of $DB"; return 1; }
  _i=0
  _status=0
  for _entry in $_list; do
    _i=$((_i + 1))
    _name=${_entry%|*}
    _size=$(human_size "${_entry##*|}")
    if [ "$_i" -le "$BACKUP_SAFETY_KEEP" ]; then
      log "safety database of $DB kept: $_name ($_size)"
    elif [ -n "${2:-}" ]; then
      log "safety database of $DB (dry run): would drop $_name ($_size)"
    elif _err=$(echo 'DROP DATABASE :"db";' | pg_sql "$MAINT_DB" -v db="$_name" 2>&1 >/dev/null); then
      log "safety database of $DB dropped: $_name ($_size)"
    else
      log "ERROR: could not drop the safety database $_name: $(printf '%s' "$_err" | head -n 1)"
      _status=1
    fi
  done
  unset PGPASSWORD
  return "$_status"
}
