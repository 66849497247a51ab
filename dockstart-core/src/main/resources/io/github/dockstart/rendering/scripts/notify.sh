#!/bin/sh
# shellcheck shell=dash
# Failure alerts of the backup sidecar: at the end of a run, a short JSON message POSTed with
# curl to BACKUP_NOTIFY_URL. Sourced after lib.sh by backup.sh and rotate.sh (and by
# entrypoint.sh, which only checks the settings) and drill.sh. A script calls notify_start once, records
# what failed with notify_failed CONTAINER WHAT (what: backup, upload, rotation,
# remote-rotation, drill), and calls notify_at_exit from its EXIT trap (on_exit_hook).
# A restore drill hooks in the same way: notify_failed "$_c" drill where a drill fails.
#
# Environment:
#   BACKUP_NOTIFY_URL       http:// or https:// URL to POST to; empty = no alerts
#   BACKUP_NOTIFY_URL_FILE  or a file holding it (a Compose secret)
#   BACKUP_NOTIFY_ON        failure (default): only runs that failed; always: every run
#   BACKUP_NOTIFY_SOURCE    names the sidecar in the message (default: the host name)
#   BACKUP_NOTIFY_TIMEOUT   seconds per attempt, connecting included (default 10)
#   BACKUP_NOTIFY_RETRIES   further attempts after a failed one (default 2, 1 s apart)
#
# The message never changes the run's exit status: it is sent after the lock is released,
# in a subshell whose failure is only logged. At most (RETRIES + 1) x TIMEOUT + RETRIES
# seconds (32 by default) are spent on it. The URL reaches curl through a config on its
# standard input, never an argument, and is never logged; the log lines in the message have
# every password, key and URL credential of the settings replaced by ***.

NOTIFY_URL=''
NOTIFY_FAILURES=''
NOTIFY_STARTED=''
NOTIFY_READER=''
NOTIFY_CONTAINER=''

# _notify_load: the settings into NOTIFY_*, or a one-sentence reason on stdout and non-zero.
_notify_load() {
  read_secret BACKUP_NOTIFY_URL || { echo "$SECRET_PROBLEM"; return 1; }
  NOTIFY_URL=$SECRET
  SECRET=''
  [ -n "$NOTIFY_URL" ] || return 0
  case $NOTIFY_URL in
    *[[:space:]\"\\]*) echo "BACKUP_NOTIFY_URL holds a blank, a quote or a backslash; it must be one URL"; return 1 ;;
    http://?* | https://?*) ;;
    *) echo "BACKUP_NOTIFY_URL is not an http:// or https:// URL"; return 1 ;;
  esac
  NOTIFY_ON=${BACKUP_NOTIFY_ON:-failure}
  case $NOTIFY_ON in
    failure | always) ;;
    *) echo "BACKUP_NOTIFY_ON='$NOTIFY_ON' is not failure or always"; return 1 ;;
  esac
  NOTIFY_TIMEOUT=${BACKUP_NOTIFY_TIMEOUT:-10}
  NOTIFY_RETRIES=${BACKUP_NOTIFY_RETRIES:-2}
  case $NOTIFY_TIMEOUT in '' | 0 | *[!0-9]*) echo "BACKUP_NOTIFY_TIMEOUT='$NOTIFY_TIMEOUT' is not a number of seconds (1 or more)"; return 1 ;; esac
  case $NOTIFY_RETRIES in '' | *[!0-9]*) echo "BACKUP_NOTIFY_RETRIES='$NOTIFY_RETRIES' is not a whole number"; return 1 ;; esac
}

# notify_check: entrypoint.sh refuses to start with alert settings that could never work.
notify_check() {
  _notify_problem=$(_notify_load) || die "$_notify_problem"
  if [ -n "${BACKUP_NOTIFY_URL:-}${BACKUP_NOTIFY_URL_FILE:-}" ] && ! command -v curl >/dev/null 2>&1; then
    die "BACKUP_NOTIFY_URL is set but curl, which sends the alerts, is not installed"
  fi
}

# notify_start [ARGS]: with alerts configured (ARGS: the script's own, whose container name the
# message names when a failure was not recorded more precisely), copy this run's log (stderr) into an unlinked file,
# through a fifo and a reader that also writes every line to the real stderr, so that the
# message can carry the last lines. Without alerts it does nothing. Never fails the script.
notify_start() {
  _notify_problem=$(_notify_load) || { log "ERROR: no alerts: $_notify_problem"; return 0; }
  _notify_load >/dev/null || return 0
  [ -n "$NOTIFY_URL" ] || return 0
  NOTIFY_STARTED=1
  for _notify_arg in "$@"; do
    case $_notify_arg in
      -h | --help) NOTIFY_URL='' ;;
      -*) ;;
      *) NOTIFY_CONTAINER=$_notify_arg ;;
    esac
  done
  # a death before install_cleanup_trap is reported too; that trap replaces this one
  trap 'EXIT_STATUS=$?; notify_at_exit' EXIT
  _notify_dir=$(mktemp -d "${TMPDIR:-/tmp}/dockstart-notify.XXXXXX" 2>/dev/null) || return 0
  if mkfifo -m 600 "$_notify_dir/fifo" 2>/dev/null && (umask 077 && : >"$_notify_dir/log"); then
    exec 8>&2 9<"$_notify_dir/log"
    # the reader's outputs are inherited descriptors: no path is opened after the rm below
    {
      while IFS= read -r _notify_line || [ -n "$_notify_line" ]; do
        printf '%s\n' "$_notify_line" >&8
        printf '%s\n' "$_notify_line" >&7
      done
    } 7>>"$_notify_dir/log" <"$_notify_dir/fifo" >/dev/null 2>&8 &
    NOTIFY_READER=$!
    exec 2>"$_notify_dir/fifo"
  fi
  rm -rf "$_notify_dir"
}

# notify_off: no message for this run (backup.sh --safety-copy, a part of a restore).
notify_off() {
  NOTIFY_URL=''
}

# notify_failed CONTAINER WHAT: what failed for a container; the first thing recorded counts.
notify_failed() {
  case "$NL$NOTIFY_FAILURES" in
    *"$NL$1:"*) ;;
    *) NOTIFY_FAILURES="$NOTIFY_FAILURES$1:$2$NL" ;;
  esac
}

# notify_at_exit: from the EXIT trap, with EXIT_STATUS set; sends the message when due.
# Nothing here may fail: under set -e a failing command in a trap changes the exit status.
notify_at_exit() {
  [ -n "$NOTIFY_STARTED" ] || return 0
  NOTIFY_STARTED=''
  if [ -n "$NOTIFY_READER" ]; then
    # back to the real stderr; the reader ends once the last writer is gone
    exec 2>&8 || :
    _notify_wait=0
    while kill -0 "$NOTIFY_READER" 2>/dev/null && [ "$_notify_wait" -lt 20 ]; do
      sleep 0.05 || :
      _notify_wait=$((_notify_wait + 1))
    done
  fi
  [ -n "$NOTIFY_URL" ] || return 0
  _notify_status=${EXIT_STATUS:-0}
  if [ "$_notify_status" -eq 0 ] && [ -z "$NOTIFY_FAILURES" ] && [ "$NOTIFY_ON" != always ]; then
    return 0
  fi
  (set +e; _notify_send "$_notify_status") || :
}

# _notify_stage: what a run of this script does, for a failure nothing more precise was recorded for.
_notify_stage() {
  case ${SCRIPT_NAME:-} in
    rotate.sh) echo rotation ;;
    backup.sh) echo backup ;;
    drill.sh) echo drill ;;
    *) echo "${SCRIPT_NAME:-run}" ;;
  esac
}

# _notify_secrets: every secret of the settings, one a line, for _notify_scrub.
_notify_secrets() {
  for _notify_c in $(configured_containers 2>/dev/null); do
    (db_password "$_notify_c") 2>/dev/null && echo
  done
  for _notify_v in AWS_SECRET_ACCESS_KEY AWS_ACCESS_KEY_ID AWS_SESSION_TOKEN; do
    read_secret "$_notify_v" && printf '%s\n' "$SECRET"
    eval "printf '%s\n' \"\${$_notify_v:-}\""
  done
  printf '%s\n' "$NOTIFY_URL"
}

# _notify_scrub: stdin to stdout with each secret (NOTIFY_SECRETS, one a line, given through
# the environment, never an argument) and any URL's user:password@ replaced by ***.
_notify_scrub() {
  awk '
    BEGIN { n = split(ENVIRON["NOTIFY_SECRETS"], secret, "\n") }
    {
      line = $0
      for (i = 1; i <= n; i++) {
        s = secret[i]
        if (s == "") continue
        out = ""
        while ((p = index(line, s)) > 0) { out = out substr(line, 1, p - 1) "***"; line = substr(line, p + length(s)) }
        line = out line
      }
      gsub(/:\/\/[^\/@ ]*@/, "://***@", line)
      print line
    }'
}

# _notify_json_lines: stdin lines as a JSON array of strings (each cut to 300 characters).
_notify_json_lines() {
  awk '
    function json(s) {
      gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); gsub(/\r/, "\\r", s)
      gsub(/[\001-\037]/, "", s)
      return "\"" s "\""
    }
    { line = substr($0, 1, 300); out = out (NR > 1 ? ", " : "") json(line) }
    END { printf "[%s]", out }'
}

# _notify_send STATUS: build the message and POST it; logs the outcome.
_notify_send() {
  _notify_body=$(mktemp "${TMPDIR:-/tmp}/dockstart-alert.XXXXXX") || { log "ERROR: alert not sent: no temporary file"; return 1; }
  _notify_lines=''
  if [ -n "$NOTIFY_READER" ]; then
    _notify_lines=$(cat <&9 | tail -n 20)
  fi
  if [ "$1" -eq 0 ] && [ -z "$NOTIFY_FAILURES" ]; then
    _notify_state=success
    _notify_text="$SCRIPT_NAME succeeded"
  else
    _notify_state=failure
    [ -n "$NOTIFY_FAILURES" ] || NOTIFY_FAILURES="$NOTIFY_CONTAINER:$(_notify_stage)$NL"
    _notify_text=$(printf '%s' "$NOTIFY_FAILURES" | awk -F: '{ w = ($1 == "" ? $2 : $2 " of " $1); t = t (NR > 1 ? ", " : "") w } END { printf "%s failed", t }')
    _notify_text="$_notify_text ($SCRIPT_NAME exit status $1)"
  fi
  _notify_source=${BACKUP_NOTIFY_SOURCE:-$(hostname 2>/dev/null || echo sidecar)}
  _notify_text="dockstart backup sidecar $_notify_source: $_notify_text"
  _notify_failures=$(printf '%s' "$NOTIFY_FAILURES" | awk -F: '
    { printf "%s{\"container\": \"%s\", \"what\": \"%s\"}", (NR > 1 ? ", " : ""), $1, $2 }')
  # the secrets reach awk through the environment of this subshell only, never an argument
  NOTIFY_SECRETS=$(_notify_secrets)
  export NOTIFY_SECRETS
  _notify_log=$(printf '%s\n' "$_notify_lines" | sed '/^$/d' | _notify_scrub | _notify_json_lines)
  unset NOTIFY_SECRETS
  {
    printf '{"text": %s,\n' "$(printf '%s\n' "$_notify_text" | _notify_json_lines | sed 's/^\[//; s/\]$//')"
    printf ' "source": %s,\n' "$(printf '%s\n' "$_notify_source" | _notify_json_lines | sed 's/^\[//; s/\]$//')"
    printf ' "script": "%s", "status": "%s", "exit_status": %s,\n' "$SCRIPT_NAME" "$_notify_state" "$1"
    printf ' "time": "%s",\n' "$(date +%Y-%m-%dT%H:%M:%S%z)"
    printf ' "failures": [%s],\n' "$_notify_failures"
    printf ' "log": %s}\n' "$_notify_log"
  } >"$_notify_body"
  _notify_post "$_notify_body"
  _notify_rc=$?
  rm -f "$_notify_body"
  return "$_notify_rc"
}

# _notify_post FILE: POST the JSON file; HTTP 2xx is success. The URL goes into curl's config on
# standard input; retries cover refused connections, timeouts and 408/429/5xx answers.
_notify_post() {
  _notify_where=$(printf '%s' "$NOTIFY_URL" | sed 's|^\([a-z]*://\)[^/@]*@|\1|; s|^\([a-z]*://[^/?#]*\).*|\1|')
  if ! command -v curl >/dev/null 2>&1; then
    log "ERROR: alert to $_notify_where not sent: curl is not installed"
    return 1
  fi
  _notify_code=$(printf 'url = "%s"\n' "$NOTIFY_URL" | curl -sS -K - -X POST --proto =http,https \
    -H 'Content-Type: application/json' --data-binary @"$1" -o /dev/null -w '%{http_code}' \
    --connect-timeout "$NOTIFY_TIMEOUT" --max-time "$NOTIFY_TIMEOUT" \
    --retry "$NOTIFY_RETRIES" --retry-delay 1 --retry-connrefused 2>/dev/null)
  _notify_curl=$?
  case $_notify_code in
    2??) log "alert sent to $_notify_where (HTTP $_notify_code)"; return 0 ;;
  esac
  case $_notify_curl in
    0) _notify_why="HTTP $_notify_code" ;;
    6) _notify_why="its host name does not resolve" ;;
    7) _notify_why="the connection was refused" ;;
    28) _notify_why="no answer within $NOTIFY_TIMEOUT s" ;;
    35 | 51 | 58 | 60) _notify_why="TLS failed (curl exit $_notify_curl)" ;;
    *) _notify_why="curl exit $_notify_curl" ;;
  esac
  log "ERROR: alert to $_notify_where not sent: $_notify_why (up to $((NOTIFY_RETRIES + 1)) attempts); the run's own status stands"
  return 1
}
