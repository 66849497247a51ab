#!/bin/bash
# What a multipart upload (s3.sh, BACKUP_S3_MULTIPART_THRESHOLD_MB) costs against one PUT of
# the same backup, against S3Proxy on loopback (filesystem backend; it holds a signed body in
# memory to check its hash, hence its larger heap here).
#   bench/multipart-bench.sh [MIB] [RUNS]   (default a 100 MiB backup, 3 runs each; median)
# Timed: s3_upload of the same file as one PUT, and in parts of 64 MiB (the default), 16 MiB
# and 5 MiB (S3's smallest); reported in seconds and as a ratio to the single PUT, with the
# number of requests and the scratch space a part takes in TMPDIR.
# Needs busybox, curl, java and dockstart-core/target/s3proxy/s3proxy.jar (any core test run
# copies it there). Not a test: it only reports.
set -euo pipefail

MIB=${1:-100}
RUNS=${2:-3}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
SCRIPTS=$BENCH_SCRIPTS
JAR="$BENCH_ROOT/dockstart-core/target/s3proxy/s3proxy.jar"
BUSYBOX=$(command -v busybox)
bench_workdir ds-multipart-bench
WORK=$BENCH_WORK
# shellcheck source=bench/s3proxy-lib.sh
. "$(dirname "$0")/s3proxy-lib.sh"
mkdir -p "$WORK/backups" "$WORK/tmp"
SIDECAR_PATH=$(bench_busybox_path "$WORK" curl)
start_s3proxy "$WORK" "$JAR"
bench_at_exit kill "$S3PROXY_PID"

NAME="bench-2026-11-25T03-00-00.sql.gz"
head -c "$((MIB * 1048576))" /dev/urandom >"$WORK/backups/$NAME"
(cd "$WORK/backups" && sha256sum "$NAME" >"$NAME.sha256")

# upload PART_MB (0 = one PUT): seconds for one s3_upload
upload() {
  local threshold=$((MIB + 1)) part=64
  if [ "$1" != 0 ]; then threshold=1; part=$1; fi
  env -i PATH="$SIDECAR_PATH" HOME="$WORK" TMPDIR="$WORK/tmp" \
    BACKUP_S3_BUCKET=bench BACKUP_S3_ENDPOINT="http://127.0.0.1:$PORT" \
    AWS_ACCESS_KEY_ID=BENCHKEY AWS_SECRET_ACCESS_KEY=bench/secret \
    BACKUP_S3_MULTIPART_THRESHOLD_MB="$threshold" BACKUP_S3_PART_SIZE_MB="$part" \
    "$BUSYBOX" sh -c "set -eu; . '$SCRIPTS/lib.sh'; . '$SCRIPTS/s3.sh'; s3_upload '$WORK/backups/$NAME'" 2>>"$WORK/upload.log" || { cat "$WORK/upload.log" >&2; exit 1; }
}

BASE=''
printf '%-12s %9s %7s %9s %s\n' "upload" "seconds" "ratio" "requests" "scratch"
for part in 0 64 16 5; do
  times=$(for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N); upload "$part"; end=$(date +%s.%N)
    echo "$end - $start" | bc
  done | bench_median)
  [ -n "$BASE" ] || BASE=$times
  if [ "$part" = 0 ]; then
    label="one PUT"; requests=2; scratch="0"
  else
    label="parts ${part}MiB"; parts=$(((MIB + part - 1) / part)); requests=$((parts + 3))
    scratch="${part} MiB"
  fi
  cmp -s "$WORK/backups/$NAME" "$WORK/data/bench/$NAME" || { echo "uploaded object differs" >&2; exit 1; }
  printf '%-12s %9.2f %7.2f %9s %s\n' "$label" "$times" "$(echo "$times / $BASE" | bc -l)" "$requests" "$scratch"
done
echo "($MIB MiB of random bytes, median of $RUNS runs; requests include the checksum PUT)"
