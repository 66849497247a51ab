#!/bin/sh
# dockstart backup sidecar: restore drills.
#   drill.sh [CONTAINER]   drill the newest backup of each configured container (or of the one named)
# Each drill is restore.sh --drill latest CONTAINER: the backup restored into a throwaway target and
# compared with the live database, the verdict written beside it as {backup}.restore-test (see
# restore.sh). The cron job when BACKUP_RESTORE_TEST is a schedule; backup.sh drills each new
# backup itself when it is after-backup. A failed drill makes the run fail, is alerted
# (notify.sh, event drill) and makes the healthcheck report unhealthy until a drill passes.
set -eu
set -o pipefail

SCRIPT_NAME=drill.sh
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
# shellcheck source=notify.sh
. "$SCRIPT_DIR/notify.sh"
notify_start "$@"

on_exit_hook() {
  notify_at_exit
}

main() {
  case ${1:-} in
    -h | --help | -*) echo "usage: drill.sh [CONTAINER]   (no argument: every configured database)" >&2; exit 2 ;;
  esac
  [ $# -le 1 ] || { echo "usage: drill.sh [CONTAINER]" >&2; exit 2; }
  _all=$(configured_containers)
  for _c in $_all; do
    validate_container "$_c"
  done
  if [ $# -eq 1 ]; then
    printf '%s\n' "$_all" | grep -qx -- "$1" ||
      die "'$1' is not a configured container (configured: $(printf '%s' "$_all" | tr '\n' ' '))"
    _all=$1
  fi
  install_cleanup_trap
  _failed=''
  for _c in $_all; do
    if [ -z "$(latest_backup "$_c" "$(type_extension "$(db_type "$_c")")")" ]; then
      log "no backup of $_c in $BACKUP_DIR to drill yet"
      continue
    fi
    if ! sh "$SCRIPT_DIR/restore.sh" --drill latest "$_c"; then
      _failed="$_failed $_c"
      notify_failed "$_c" drill
    fi
  done
  [ -z "$_failed" ] || die "restore drill failed for:$_failed"
}

main "$@"
