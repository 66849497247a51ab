#!/bin/sh
# shellcheck shell=dash
# Retention: which backups rotation deletes (one selection for the backup directory and the
# bucket), the rotation of the backup directory, of the safety copies and of PostgreSQL's safety
# databases (with clients.sh), and the check of their settings. Sourced after lib.sh by
# backup.sh, rotate.sh and entrypoint.sh; s3.sh's s3_rotate uses it too.

# check_retention_settings: BACKUP_RETENTION_DAYS, BACKUP_KEEP_MIN and BACKUP_KEEP_DAILY, _WEEKLY
# and _MONTHLY are whole numbers. Logs the one that is not and returns 1: the scripts stop
# (`|| exit 1`), a remote rotation fails.
check_retention_settings() {
  is_uint "$BACKUP_RETENTION_DAYS" ||
    { log "ERROR: BACKUP_RETENTION_DAYS='$BACKUP_RETENTION_DAYS' is not a whole number of days"; return 1; }
  for _setting in "BACKUP_KEEP_MIN=$BACKUP_KEEP_MIN" "BACKUP_KEEP_DAILY=$BACKUP_KEEP_DAILY" \
    "BACKUP_KEEP_WEEKLY=$BACKUP_KEEP_WEEKLY" "BACKUP_KEEP_MONTHLY=$BACKUP_KEEP_MONTHLY"; do
    is_uint "${_setting#*=}" || { log "ERROR: ${_setting%%=*}='${_setting#*=}' is not a whole number"; return 1; }
  done
}

# retention_summary: what rotation keeps, for the log: "7 days, at least 3 backups each", and
# the grandfather-father-son periods when any is set.
retention_summary() {
  printf '%s days, at least %s backups each' "$BACKUP_RETENTION_DAYS" "$BACKUP_KEEP_MIN"
  case $BACKUP_KEEP_DAILY$BACKUP_KEEP_WEEKLY$BACKUP_KEEP_MONTHLY in
    *[1-9]*) printf ', and the newest of the last %s days, %s weeks and %s months that have one' \
      "$BACKUP_KEEP_DAILY" "$BACKUP_KEEP_WEEKLY" "$BACKUP_KEEP_MONTHLY" ;;
  esac
}

# check_safety_keep: BACKUP_SAFETY_KEEP is a whole number, or the script stops.
check_safety_keep() {
  is_uint "$BACKUP_SAFETY_KEEP" || die "BACKUP_SAFETY_KEEP='$BACKUP_SAFETY_KEEP' is not a whole number"
}

# --- rotation ----------------------------------------------------------------

# expired_backups CONTAINER EXT CUTOFF FUTURE [AHEAD_FILE]: the one selection of rotation,
# for the backup directory (rotate_container) and the bucket (s3_rotate in s3.sh) alike.
# Reads a listing, one name per line (a directory's, or a bucket's without the prefix), and
# prints the backups of CONTAINER to delete. Of the names CONTAINER-{stamp}.EXT.gz, newest
# first, a backup stays when ANY rule keeps it:
#   - its stamp is CUTOFF or later (within BACKUP_RETENTION_DAYS);
#   - it is one of the newest BACKUP_KEEP_MIN good ones (at least one: the newest good one
#     always stays; a good backup has NAME.sha256 in the listing);
#   - it is the newest good one of its day, ISO week (Monday to Sunday) or month, and that
#     period is one of the last BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY that have a good
#     backup. Periods are read from the stamp, the stack's local time the name was written in.
# A stamp after FUTURE is future-dated: kept, counted towards nothing (neither the minimum nor
# any period), and named in AHEAD_FILE when given. Settings checked by check_retention_settings.
# One awk pass, no process per name.
# The same rule as the Java RetentionPolicy (RotationParityTest and
# BucketRotationParityTest compare them).
expired_backups() {
  awk -v prefix="$1-" -v ext=".$2.gz" -v cutoff="$3" -v future="$4" -v ahead="${5:-}" \
    -v keep="$BACKUP_KEEP_MIN" -v daily="$BACKUP_KEEP_DAILY" -v weekly="$BACKUP_KEEP_WEEKLY" \
    -v monthly="$BACKUP_KEEP_MONTHLY" '
    function is_backup(name,   stamp, rest) {
      if (substr(name, 1, length(prefix)) != prefix) return 0
      rest = substr(name, length(prefix) + 1)
      if (length(rest) != 19 + length(ext)) return 0
      if (substr(rest, 20) != ext) return 0
      stamp = substr(rest, 1, 19)
      return stamp ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/
    }
    # the ISO week of a stamp, as the day number of its Monday: days counted from 1 March of
    # year 0 (proleptic Gregorian, years shifted by the 400-year cycle to stay positive)
    function monday(stamp,   y, m, d, day) {
      y = substr(stamp, 1, 4) + 400; m = substr(stamp, 6, 2) + 0; d = substr(stamp, 9, 2) + 0
      if (m <= 2) { y--; m += 9 } else m -= 3
      day = 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * m + 2) / 5) + d - 1
      # day 0 (1 March of year 0, shifted) is a Wednesday: a Monday is 5 mod 7
      return day - (day + 2) % 7
    }
    { present[$0] = 1; if (is_backup($0)) names[n++] = $0 }
    END {
      # insertion sort would be quadratic for 10,000 files: use a heap sort, newest first
      for (i = int(n / 2) - 1; i >= 0; i--) sift(i, n)
      for (end = n - 1; end > 0; end--) { t = names[0]; names[0] = names[end]; names[end] = t; sift(0, end) }
      if (keep + 0 < 1) keep = 1
      daily += 0; weekly += 0; monthly += 0
      good = 0; days = 0; weeks = 0; months = 0
      for (i = 0; i < n; i++) {
        name = names[i]
        stamp = substr(name, length(prefix) + 1, 19)
        if (stamp > future) { if (ahead != "") print name > ahead; continue }
        kept = (stamp >= cutoff)
        if ((name ".sha256") in present) {
          if (good++ < keep) kept = 1
          # sorted newest first: the first good backup of a period is its newest
          if (daily > days && substr(stamp, 1, 10) != last_day) { last_day = substr(stamp, 1, 10); days++; kept = 1 }
          if (weekly > weeks && (week = monday(stamp)) != last_week) { last_week = week; weeks++; kept = 1 }
          if (monthly > months && substr(stamp, 1, 7) != last_month) { last_month = substr(stamp, 1, 7); months++; kept = 1 }
        }
        if (!kept) print name
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

# delete_with_checksums DIR LIST: delete the files named in the file LIST (one a line) from DIR,
# each with its .sha256. The names match the strict pattern, so they hold no blanks or quotes
# for xargs.
delete_with_checksums() {
  (cd "$1" && sed 'p; s/$/.sha256/p; s/sha256$/restore-test/' "$2" | xargs rm -f)
}

# rotate_container CONTAINER EXT [DRY_RUN]: delete backups older than
# BACKUP_RETENTION_DAYS, judged by the time in the file name (copies lose mtimes),
# but never below BACKUP_KEEP_MIN good backups (a good backup has its .sha256 beside
# it), and never the newest good one, even with BACKUP_KEEP_MIN=0, nor one that
# BACKUP_KEEP_DAILY, _WEEKLY or _MONTHLY keeps (see expired_backups). A future-dated
# backup (see future_stamp) stays but counts as none of them, so a clock that jumped
# cannot make rotation delete the real backups. Only regular files named by the exact
# pattern are considered; hidden temporaries of a running backup, directories and any
# other file are left alone. One awk pass, no process per file.
# The same rule as the Java RetentionPolicy (RotationParityTest compares them).
rotate_container() {
  _c=$1
  _ext=$2
  _dry=${3:-}
  check_retention_settings || exit 1
  _now=$(date +%s)
  _cutoff=$(date -d "@$((_now - BACKUP_RETENTION_DAYS * 86400))" +%Y-%m-%dT%H-%M-%S)
  _future=$(future_stamp "$_now")
  _doomed="$WORK_DIR/rotate.$_c"
  _ahead="$WORK_DIR/future.$_c"
  : >"$_ahead"
  # ls -A lists names only, -p marks directories with a trailing / (so no name of them
  # fits the pattern)
  # shellcheck disable=SC2012 # names only; expired_backups keeps those of the strict pattern
  ls -Ap "$BACKUP_DIR" | expired_backups "$_c" "$_ext" "$_cutoff" "$_future" "$_ahead" >"$_doomed"
  if [ -s "$_ahead" ]; then
    log "rotation of $_c: kept $(wc -l <"$_ahead" | tr -d ' ') future-dated backups (named after now, $(date +%Y-%m-%dT%H-%M-%S) $TZ: a clock was wrong when they were written, or is now); they count towards no minimum: $(tr '\n' ' ' <"$_ahead")"
  fi
  _count=$(wc -l <"$_doomed" | tr -d ' ')
  if [ "$_count" -eq 0 ]; then
    log "rotation of $_c: nothing to delete (keeping $(retention_summary))"
    return 0
  fi
  if [ -n "$_dry" ]; then
    sed 's/^/would delete /' "$_doomed" >&2
    log "rotation of $_c (dry run): would delete $_count backups older than $_cutoff"
    return 0
  fi
  delete_with_checksums "$BACKUP_DIR" "$_doomed" ||
    die "rotation of $_c: could not delete every old backup in $BACKUP_DIR"
  log "rotation of $_c: deleted $_count backups older than $_cutoff (kept $(retention_summary))"
}

# rotate_safety_copies CONTAINER EXT [DRY_RUN]: keep the newest BACKUP_SAFETY_KEEP safety copies
# of the container in SAFETY_DIR (by the time in the name), delete the older ones with their
# .sha256. They are not backups: retention days and keep-minimum are not theirs. The same rule
# as the host's SafetyRetention.
rotate_safety_copies() {
  check_safety_keep
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
  delete_with_checksums "$SAFETY_DIR" "$_doomed" ||
    die "rotation of $1: could not delete the old safety copies in $SAFETY_DIR"
  log "rotation of $1: deleted $_count safety copies (kept the newest $BACKUP_SAFETY_KEEP)"
}

# pg_rotate_safety_databases CONTAINER [DRY_RUN]: drops all but the newest BACKUP_SAFETY_KEEP
# safety databases of the container's database, saying which stay and what they cost.
# shellcheck disable=SC2034 # the connection variables are read by pg_env (clients.sh)
pg_rotate_safety_databases() {
  check_safety_keep
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
