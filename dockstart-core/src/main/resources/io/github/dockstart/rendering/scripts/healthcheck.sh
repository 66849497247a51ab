#!/bin/sh
# dockstart backup sidecar healthcheck: healthy only while every configured
# container's last successful backup is recent enough for BACKUP_SCHEDULE, not merely
# while the scheduler runs. backup.sh records the time of each success in
# BACKUP_DIR/.last-success.{container}. The allowed age is BACKUP_MAX_AGE_SECONDS or
# the schedule's longest gap x 1.5 + 10 minutes (daily: 36 h 10 min; see schedule.sh).
# Before the first backup, the sidecar counts as healthy for that long after it started.
# A failed restore drill (BACKUP_DIR/.last-drill.{container}, see restore.sh) is unhealthy too,
# until a later drill of that container passes.
set -eu
set -o pipefail

SCRIPT_NAME=healthcheck.sh
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
# shellcheck source=schedule.sh
. "$SCRIPT_DIR/schedule.sh"

main() {
  _max=$(max_backup_age_seconds)
  _now=$(date +%s)
  _bad=0
  for _c in $(configured_containers); do
    # a failed restore drill: the backups may not restore, however recent they are
    _drill=''
    # read, not cat: no process more than before per container (the ages are whole seconds)
    { read -r _drill <"$(last_drill_file "$_c")"; } 2>/dev/null || true
    case $_drill in
      failed\ *)
        echo "unhealthy: the last restore drill of $_c failed (backup ${_drill##* }; see its .restore-test); a passing drill clears this"
        _bad=1 ;;
    esac
    _file=$(last_success_file "$_c")
    _last=$(cat "$_file" 2>/dev/null || true)
    if is_uint "$_last"; then
      _age=$((_now - _last))
      if [ "$_age" -gt "$_max" ]; then
        echo "unhealthy: the last successful backup of $_c is $_age s old; the schedule '$BACKUP_SCHEDULE' allows $_max s"
        _bad=1
      else
        echo "healthy: the last successful backup of $_c is $_age s old (allowed: $_max s)"
      fi
      continue
    fi
    _started=$(cat "$(started_file)" 2>/dev/null || true)
    if is_uint "$_started" && [ $((_now - _started)) -le "$_max" ]; then
      echo "healthy: no backup of $_c yet; the sidecar started $((_now - _started)) s ago (allowed: $_max s)"
    else
      echo "unhealthy: there is no successful backup of $_c in $BACKUP_DIR"
      _bad=1
    fi
  done
  exit "$_bad"
}

main "$@"
