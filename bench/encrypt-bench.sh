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

RUNS=${1:-3}
SCALE=${BENCH_SCALE:-75}
TEXT_ROWS=${BENCH_TEXT_ROWS:-3000000}
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPTS="$HERE/../dockstart-core/src/main/resources/io/github/dockstart/rendering/scripts"
BUSYBOX=$(command -v busybox)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
WORK=$(mktemp -d /tmp/ds-bench.XXXXXX)
chmod 755 "$WORK"
PORT=$(( 20000 + RANDOM % 20000 ))
export PGPASSWORD=bench-secret

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "== building the database (pgbench scale $SCALE + $TEXT_ROWS rows of text) in $WORK"
mkdir -p "$WORK/sock" "$WORK/backups" "$WORK/bb" "$WORK/clients" "$WORK/tmp"
printf '%s\n' "$PGPASSWORD" >"$WORK/pw"
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK/sock" "$WORK/pw" && chown postgres "$WORK"
as_pg "$PGBIN/initdb" -D "$WORK/data" -U postgres -A scram-sha-256 --pwfile="$WORK/pw" -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o "-p $PORT -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" start >/dev/null
PGOPT=(-h 127.0.0.1 -p "$PORT" -U postgres)
"$PGBIN/pgbench" "${PGOPT[@]}" -i -q -s "$SCALE" postgres 2>&1 | tail -n 1
"$PGBIN/psql" "${PGOPT[@]}" -X -q -d postgres -c "
  CREATE TABLE notes(id bigint PRIMARY KEY, body text);
  INSERT INTO notes SELECT i, md5(i::text) || ' ' || md5((i * 31)::text) || ' ' || substr(md5((i * 17)::text), 1, (i % 29) + 3)
    FROM generate_series(1, $TEXT_ROWS) i;"
"$PGBIN/psql" "${PGOPT[@]}" -X -q -d postgres -c "VACUUM ANALYZE;"
DUMP_BYTES=$("$PGBIN/pg_dump" "${PGOPT[@]}" -d postgres | wc -c)
echo "dump text: $DUMP_BYTES bytes ($((DUMP_BYTES / 1000000)) MB)"

for a in $(busybox --list); do ln -s "$(command -v busybox)" "$WORK/bb/$a"; done
for c in pg_dump psql; do ln -s "$PGBIN/$c" "$WORK/clients/$c"; done
ln -s "$(command -v pigz)" "$WORK/clients/pigz"
ln -s "$(command -v igzip)" "$WORK/clients/igzip"

age-keygen -o "$WORK/identity" 2>/dev/null
RECIPIENT=$(age-keygen -y "$WORK/identity")

echo "== one backup with backup.sh"
t0=$(now)
env -i PATH="$WORK/bb:$WORK/clients" HOME="$WORK" TMPDIR="$WORK/tmp" BACKUP_DIR="$WORK/backups" \
  DB_TYPE=postgres DB_CONTAINER=bench DB_HOST=127.0.0.1 DB_PORT="$PORT" DB_NAME=postgres DB_USER=postgres \
  DB_PASSWORD="$PGPASSWORD" "$BUSYBOX" sh "$SCRIPTS/backup.sh" >/dev/null 2>&1
BACKUP_TIME=$(echo "$(now) - $t0" | bc)
FILE=$(ls "$WORK"/backups/bench-*.sql.gz)
SIZE=$(stat -c %s "$FILE")

: >"$WORK/copy"; : >"$WORK/enc"; : >"$WORK/dec"
for _ in $(seq "$RUNS"); do
  rm -f "$WORK/copy.gz" "$WORK/x.age" "$WORK/x.sql.gz"
  t0=$(now); cp "$FILE" "$WORK/copy.gz"; sync "$WORK/copy.gz"; echo "$(now) - $t0" | bc >>"$WORK/copy"
  t0=$(now); age -r "$RECIPIENT" -o "$WORK/x.age" "$FILE"; sync "$WORK/x.age"; echo "$(now) - $t0" | bc >>"$WORK/enc"
  t0=$(now); age -d -i "$WORK/identity" "$WORK/x.age" >"$WORK/x.sql.gz"; sync "$WORK/x.sql.gz"; echo "$(now) - $t0" | bc >>"$WORK/dec"
done
cmp "$FILE" "$WORK/x.sql.gz"
ENC_SIZE=$(stat -c %s "$WORK/x.age")
COPY=$(median <"$WORK/copy"); ENC=$(median <"$WORK/enc"); DEC=$(median <"$WORK/dec")

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
