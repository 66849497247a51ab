#!/bin/sh
# dockstart backup sidecar entrypoint.
#   entrypoint.sh                  check the configuration, write the crontab from
#                                  BACKUP_SCHEDULE and exec the scheduler (supercronic)
#   entrypoint.sh --print-crontab  only print the crontab it would write
#   entrypoint.sh COMMAND [ARG...] run that command instead (e.g. backup.sh, restore.sh)
# BACKUP_CRONTAB (default /tmp/dockstart-backup.crontab) is where the crontab goes;
# BACKUP_SCHEDULER (default supercronic) is the program exec'd with it.
# Rotation is not a separate cron job: backup.sh rotates after each successful backup.
# BACKUP_RESTORE_TEST=after-backup makes backup.sh drill each new backup; a cron expression
# adds a line for drill.sh.
set -eu
set -o pipefail

SCRIPT_NAME=entrypoint.sh
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
# shellcheck source=schedule.sh
. "$SCRIPT_DIR/schedule.sh"
# shellcheck source=retention.sh
. "$SCRIPT_DIR/retention.sh"
# shellcheck source=notify.sh
. "$SCRIPT_DIR/notify.sh"

crontab_text() {
  echo "# written by dockstart entrypoint.sh from BACKUP_SCHEDULE; times are in TZ=$TZ"
  echo "# rotation runs inside backup.sh after each successful backup"
  printf '%s %s/backup.sh\n' "$BACKUP_SCHEDULE" "$SCRIPT_DIR"
  if [ "$(restore_test_mode)" = schedule ]; then
    echo "# restore drills of the newest backups, from BACKUP_RESTORE_TEST"
    printf '%s %s/drill.sh\n' "$BACKUP_RESTORE_TEST" "$SCRIPT_DIR"
  fi
}

check_configuration() {
  check_schedule
  check_restore_test
  for _c in $(configured_containers); do
    validate_container "$_c"
  done
  check_retention_settings || exit 1
  max_backup_age_seconds >/dev/null
  notify_check
}

main() {
  case ${1:-} in
    --print-crontab)
      check_configuration
      crontab_text
      exit 0 ;;
    '') ;;
    *) exec "$@" ;;
  esac
  check_configuration
  check_backup_dir_writable
  _crontab=${BACKUP_CRONTAB:-${TMPDIR:-/tmp}/dockstart-backup.crontab}
  crontab_text >"$_crontab" || die "cannot write the crontab $_crontab"
  date +%s >"$(started_file)"
  _scheduler=${BACKUP_SCHEDULER:-supercronic}
  command -v "$_scheduler" >/dev/null 2>&1 || die "the scheduler $_scheduler is not installed"
  log "backing up $(configured_containers | tr '\n' ' ')on schedule '$BACKUP_SCHEDULE' (TZ=$TZ) into $BACKUP_DIR; keeping $(retention_summary)"
  if [ "$_scheduler" = supercronic ]; then
    exec supercronic -passthrough-logs "$_crontab"
  fi
  exec "$_scheduler" "$_crontab"
}

main "$@"
