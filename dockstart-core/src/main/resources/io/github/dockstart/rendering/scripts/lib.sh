#!/bin/sh
# shellcheck disable=SC2034 # variables set here are used by the scripts that source it
# The base of the dockstart backup sidecar scripts: settings, log, configuration, backup names
# and the clock, checksums, temporary files, the lock, and how files are put in place.
# Sourced first by every script; the other sourced files (content.sh, retention.sh,
# clients.sh, schedule.sh, s3.sh) build on it. Every path and address comes from the
# environment (see the sidecar contract).
# POSIX sh for BusyBox ash: no arrays, no [[ ]], no process substitution.

BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_RETENTION_DAYS=${BACKUP_RETENTION_DAYS:-7}
BACKUP_KEEP_MIN=${BACKUP_KEEP_MIN:-3}
# grandfather-father-son: also keep the newest good backup of each of the last N days, ISO weeks
# and months that have one (0: off)
BACKUP_KEEP_DAILY=${BACKUP_KEEP_DAILY:-0}
BACKUP_KEEP_WEEKLY=${BACKUP_KEEP_WEEKLY:-0}
BACKUP_KEEP_MONTHLY=${BACKUP_KEEP_MONTHLY:-0}
# safety copies, taken before a restore replaces data, are kept apart from the backups
BACKUP_SAFETY_KEEP=${BACKUP_SAFETY_KEEP:-3}
SAFETY_DIR="$BACKUP_DIR/safety"
BACKUP_SCHEDULE=${BACKUP_SCHEDULE:-0 3 * * *}
BACKUP_GZIP_LEVEL=${BACKUP_GZIP_LEVEL:-}
# restore drills (restore.sh --drill): off, after-backup, or a cron expression for drill.sh
BACKUP_RESTORE_TEST=${BACKUP_RESTORE_TEST:-off}
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
  db_password "$1" >/dev/null
  SECRET=''
}

# read_secret VAR: SECRET set to the content of the file VAR_FILE names (a Docker or Compose
# secret) when VAR_FILE is set, else to VAR's value; status 1 when VAR_FILE names no readable
# file, with SECRET_PROBLEM the sentence that says so (it names the variable and the file, never
# a secret). The one reader of every *_FILE setting; no subshell, so the caller decides how to
# report the problem.
read_secret() {
  SECRET=''
  SECRET_PROBLEM=''
  eval "_secret_file=\${${1}_FILE:-}"
  if [ -z "$_secret_file" ]; then
    eval "SECRET=\${$1:-}"
  elif [ -r "$_secret_file" ]; then
    # command substitution drops the trailing newline of the file
    SECRET=$(cat "$_secret_file")
  else
    SECRET_PROBLEM="${1}_FILE=$_secret_file is not a readable file"
    return 1
  fi
}

# The password of a container: DB_PASSWORD, or the content of DB_PASSWORD_FILE.
# Printed to stdout for capture into a variable, never logged.
db_password() {
  read_secret "$(setting_name "$1" DB_PASSWORD)" || die "$SECRET_PROBLEM"
  printf '%s' "$SECRET"
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

# --- checksums -----------------------------------------------------------------

# sha256_of FILE: the hex digest only.
sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# checksum_in SUMFILE: the SHA-256 a checksum file holds (sha256sum's line "DIGEST  NAME"):
# the one reader of .sha256 files. Status 1 when its first line holds none (a file that is
# empty, cut short before its line break, or not 64 lowercase hex digits).
checksum_in() {
  read -r _sum_digest _ 2>/dev/null <"$1" || return 1
  case $_sum_digest in
    *[!0-9a-f]* | '') return 1 ;;
  esac
  [ ${#_sum_digest} -eq 64 ] || return 1
  printf '%s' "$_sum_digest"
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

# The verdict of the last restore drill of a container: "VERDICT EPOCH BACKUP-NAME".
last_drill_file() {
  printf '%s/.last-drill.%s' "$BACKUP_DIR" "$1"
}

# restore_test_mode: off, after-backup, or schedule (BACKUP_RESTORE_TEST holds a cron expression).
restore_test_mode() {
  case $BACKUP_RESTORE_TEST in
    off | '') echo off ;;
    after-backup) echo after-backup ;;
    *) echo schedule ;;
  esac
}

started_file() {
  printf '%s/.sidecar-started' "$BACKUP_DIR"
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

# --- putting files in place ---------------------------------------------------

# claim NEW NAME: give the file NEW the name NAME without ever replacing a file of that
# name, then drop NEW: the one way a backup or its checksum gets its final name. A hard
# link fails when NAME exists (mv -f would replace a backup another writer, such as the
# host's dockstart:backup, finished in the same second, and BusyBox mv -n only looks before
# it renames). ln into a directory of that name would succeed, so any existing NAME counts
# as taken. Where the file system has no hard links, mv -n is the fallback.
claim() {
  [ ! -e "$2" ] && [ ! -L "$2" ] || return 1
  if ln "$1" "$2" 2>/dev/null; then
    rm -f "$1"
    return 0
  fi
  [ ! -e "$2" ] && [ ! -L "$2" ] || return 1
  mv -n "$1" "$2" 2>"$WORK_DIR/err" && [ ! -e "$1" ]
}

# replace_file NEW TARGET: NEW takes the place of TARGET in one rename (both in the same
# directory): readers see the old file or the new one, never a mix. For data a restore
# replaces on purpose; never for a backup's name (see claim).
replace_file() {
  mv -f "$1" "$2"
}
