#!/bin/sh
# dockstart backup sidecar: apply the retention rules to BACKUP_DIR.
#   rotate.sh [--dry-run] [CONTAINER]
# For each configured container (or the one named): delete its backups whose file
# name time is older than BACKUP_RETENTION_DAYS (copies lose mtimes, names do not),
# but never leave fewer than BACKUP_KEEP_MIN good backups (with their .sha256), even
# if all are old, and keep the newest good backup of each of the last BACKUP_KEEP_DAILY
# days, BACKUP_KEEP_WEEKLY ISO weeks and BACKUP_KEEP_MONTHLY months that have one
# (grandfather-father-son; 0, the default, is off). Only files of the exact name pattern of configured containers are
# touched; temporaries of a running backup and anything else are left alone.
# Safety copies (BACKUP_DIR/safety/, taken by restore.sh) are not backups: of each container the
# newest BACKUP_SAFETY_KEEP (3) are kept, the older ones deleted.
# With a bucket configured (BACKUP_S3_BUCKET), the backups there too, by the same rules
# (s3_rotate); a failure there makes the run fail after the local rotation.
# For PostgreSQL it also drops all but the newest BACKUP_SAFETY_KEEP databases a restore kept
# ({DB}_before_restore_{time}).
# backup.sh runs the same rules after each successful backup.
set -eu
set -o pipefail

SCRIPT_NAME=rotate.sh
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
# shellcheck source=clients.sh
. "$SCRIPT_DIR/clients.sh"
# shellcheck source=retention.sh
. "$SCRIPT_DIR/retention.sh"
# shellcheck source=s3.sh
. "$SCRIPT_DIR/s3.sh"
# shellcheck source=notify.sh
. "$SCRIPT_DIR/notify.sh"
notify_start "$@"

on_exit_hook() {
  release_lock
  notify_at_exit
}

main() {
  _dry=''
  _only=''
  for _arg in "$@"; do
    case $_arg in
      -n | --dry-run) _dry=1 ;;
      -h | --help) echo "usage: rotate.sh [--dry-run] [CONTAINER]" >&2; exit 2 ;;
      -*) die "unknown option $_arg (usage: rotate.sh [--dry-run] [CONTAINER])" ;;
      *) [ -z "$_only" ] || die "only one container may be named"; _only=$_arg ;;
    esac
  done
  _all=$(configured_containers)
  for _c in $_all; do
    validate_container "$_c"
  done
  if [ -n "$_only" ]; then
    printf '%s\n' "$_all" | grep -qx -- "$_only" ||
      die "'$_only' is not a configured container (configured: $(printf '%s' "$_all" | tr '\n' ' '))"
    _all=$_only
  fi
  check_retention_settings || exit 1
  check_safety_keep
  check_backup_dir_writable
  install_cleanup_trap
  make_work_dir
  acquire_lock
  _remote_failed=''
  _status=0
  for _c in $_all; do
    rotate_container "$_c" "$(type_extension "$(db_type "$_c")")" "$_dry"
    rotate_safety_copies "$_c" "$(type_extension "$(db_type "$_c")")" "$_dry"
    if [ "$(db_type "$_c")" = postgres ]; then
      pg_rotate_safety_databases "$_c" "$_dry" || _status=1
    fi
    if s3_enabled; then
      s3_rotate "$_c" "$(type_extension "$(db_type "$_c")")" "$_dry" || _remote_failed="$_remote_failed $_c"
    fi
  done
  [ -z "$_remote_failed" ] || die "remote rotation failed for:$_remote_failed"
  return "$_status"
}

main "$@"
