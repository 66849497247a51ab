#!/bin/bash
# What a failure alert (notify.sh) adds to a run of the sidecar's backup.sh.
#   bench/alert-bench.sh [RUNS]    (default 5 runs each; the median is reported)
# backup.sh backs up a small SQLite file (busybox sh, BusyBox applets first on PATH), timed:
#   baseline  no alert configured
#   up        BACKUP_NOTIFY_ON=always, a receiver on loopback that answers 204
#   refused   BACKUP_NOTIFY_ON=always, a closed loopback port (default retries: 2, 1 s apart)
#   hangs     BACKUP_NOTIFY_ON=always, a receiver that accepts and never answers (default
#             timeout 10 s, 2 retries; one run only, BENCH_HANG=0 skips it)
# Needs busybox, curl, sqlite3, pigz, python3 (the receivers). Not a test: it only reports.
set -euo pipefail

RUNS=${1:-5}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
SCRIPTS=$BENCH_SCRIPTS
BUSYBOX=$(command -v busybox)
bench_workdir ds-alert-bench
WORK=$BENCH_WORK

mkdir -p "$WORK/backups" "$WORK/tmp"
SIDECAR_PATH=$(bench_busybox_path "$WORK" curl sqlite3 pigz)
sqlite3 "$WORK/app.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3);"

UP=$(bench_free_port)
python3 - "$UP" <<'EOF' &
import http.server, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
EOF
bench_at_exit kill $!
HANG=$(bench_free_port)
python3 -c "
import socket, time
s = socket.socket(); s.bind(('127.0.0.1', $HANG)); s.listen(16); time.sleep(3600)" &
bench_at_exit kill $!
REFUSED=$(bench_free_port)
sleep 1

# run_once [VAR=VALUE...]: one backup.sh, its time in milliseconds on stdout
run_once() {
  local start end
  start=$(date +%s%N)
  env -i PATH="$SIDECAR_PATH" TMPDIR="$WORK/tmp" HOME="$WORK/tmp" TZ=UTC \
    BACKUP_DIR="$WORK/backups" DB_TYPE=sqlite DB_CONTAINER=app DB_PATH="$WORK/app.db" BACKUP_RETENTION_DAYS=0 "$@" \
    "$BUSYBOX" sh "$SCRIPTS/backup.sh" 2>/dev/null || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

measure() {
  local label=$1 runs=$2
  shift 2
  local times=()
  for _ in $(seq "$runs"); do times+=("$(run_once "$@")"); done
  printf '%s\n' "${times[@]}" | bench_median
}

base=$(measure baseline "$RUNS")
up=$(measure up "$RUNS" BACKUP_NOTIFY_ON=always BACKUP_NOTIFY_URL="http://127.0.0.1:$UP/hook")
refused=$(measure refused "$RUNS" BACKUP_NOTIFY_ON=always BACKUP_NOTIFY_URL="http://127.0.0.1:$REFUSED/hook")
printf '%-9s %7s ms\n' baseline "$base"
printf '%-9s %7s ms  (+%s ms, %s x baseline)\n' up "$up" $((up - base)) "$(awk "BEGIN { printf \"%.2f\", $up / $base }")"
printf '%-9s %7s ms  (+%s ms)\n' refused "$refused" $((refused - base))
if [ "${BENCH_HANG:-1}" != 0 ]; then
  hangs=$(measure hangs 1 BACKUP_NOTIFY_ON=always BACKUP_NOTIFY_URL="http://127.0.0.1:$HANG/hook")
  printf '%-9s %7s ms  (+%s ms; bound: 3 x 10 s + 2 x 1 s)\n' hangs "$hangs" $((hangs - base))
fi
