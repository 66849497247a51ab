#!/bin/bash
# What encrypting the bucket copy (BACKUP_ENCRYPT_RECIPIENTS, s3.sh's age step) costs, against
# the backup it encrypts, for a realistic dump.
#   bench/encrypt-bench.sh [RUNS]    (default 3 runs each; the median is reported)
# Builds the database of backup-bench.sh (about 1 GB of dump text; BENCH_SCALE and
# BENCH_TEXT_ROWS make it smaller), takes one backup with backup.sh, then times:
#   backup    backup.sh itself (busybox sh, BusyBox applets first on PATH), once
#   baseline  cp of the .sql.gz (the disk write the encrypted temporary also costs)
#   encrypt   age -r KEY -o FILE.age FILE       (what s3_upload adds before the PUT)
#   decrypt   age -d -i IDENTITY FILE.age > FILE (what a host restore adds to the download)
# and the size of the encrypted copy against the backup. Needs what backup-bench.sh needs,
# plus age and age-keygen. Not a test: it only reports.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

RUNS=${1:-3}
SCRIPTS=$BENCH_SCRIPTS
BUSYBOX=$(command -v busybox)
bench_dump_database
WORK=$BENCH_WORK PORT=$BENCH_PG_PORT DUMP_BYTES=$BENCH_DUMP_BYTES SIDECAR_PATH=$BENCH_SIDECAR_PATH

age-keygen -o "$WORK/identity" 2>/dev/null
RECIPIENT=$(age-keygen -y "$WORK/identity")

echo "== one backup with backup.sh"
t0=$(bench_now)
env -i PATH="$SIDECAR_PATH" HOME="$WORK" TMPDIR="$WORK/tmp" BACKUP_DIR="$WORK/backups" \
  DB_TYPE=postgres DB_CONTAINER=bench DB_HOST=127.0.0.1 DB_PORT="$PORT" DB_NAME=postgres DB_USER=postgres \
  DB_PASSWORD="$PGPASSWORD" "$BUSYBOX" sh "$SCRIPTS/backup.sh" >/dev/null 2>&1
BACKUP_TIME=$(echo "$(bench_now) - $t0" | bc)
FILE=$(ls "$WORK"/backups/bench-*.sql.gz)
SIZE=$(stat -c %s "$FILE")

: >"$WORK/copy"; : >"$WORK/enc"; : >"$WORK/dec"
for _ in $(seq "$RUNS"); do
  rm -f "$WORK/copy.gz" "$WORK/x.age" "$WORK/x.sql.gz"
  t0=$(bench_now); cp "$FILE" "$WORK/copy.gz"; sync "$WORK/copy.gz"; echo "$(bench_now) - $t0" | bc >>"$WORK/copy"
  t0=$(bench_now); age -r "$RECIPIENT" -o "$WORK/x.age" "$FILE"; sync "$WORK/x.age"; echo "$(bench_now) - $t0" | bc >>"$WORK/enc"
  t0=$(bench_now); age -d -i "$WORK/identity" "$WORK/x.age" >"$WORK/x.sql.gz"; sync "$WORK/x.sql.gz"; echo "$(bench_now) - $t0" | bc >>"$WORK/dec"
done
cmp "$FILE" "$WORK/x.sql.gz"
ENC_SIZE=$(stat -c %s "$WORK/x.age")
COPY=$(bench_median <"$WORK/copy"); ENC=$(bench_median <"$WORK/enc"); DEC=$(bench_median <"$WORK/dec")

echo "== results (median of $RUNS)"
printf '%-42s %12d bytes\n' "dump text" "$DUMP_BYTES"
printf '%-42s %12d bytes\n' "backup (.sql.gz)" "$SIZE"
printf '%-42s %12d bytes  (+%d, %.4f %%)\n' "encrypted copy (.sql.gz.age)" "$ENC_SIZE" "$((ENC_SIZE - SIZE))" \
  "$(echo "($ENC_SIZE - $SIZE) * 100 / $SIZE" | bc -l)"
printf '%-42s %8.2f s\n' "backup.sh" "$BACKUP_TIME"
printf '%-42s %8.2f s   runs: %s\n' "baseline: cp of the backup" "$COPY" "$(tr '\n' ' ' <"$WORK/copy")"
printf '%-42s %8.2f s   runs: %s\n' "encrypt: age -r" "$ENC" "$(tr '\n' ' ' <"$WORK/enc")"
printf '%-42s %8.2f s   runs: %s\n' "decrypt: age -d" "$DEC" "$(tr '\n' ' ' <"$WORK/dec")"
printf '%-42s %8.3f\n' "encrypt / backup.sh" "$(echo "$ENC / $BACKUP_TIME" | bc -l)"
printf '%-42s %8.3f\n' "encrypt / cp" "$(echo "$ENC / $COPY" | bc -l)"
