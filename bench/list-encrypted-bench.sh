#!/bin/bash
# What `dockstart:list -Ddockstart.ageIdentity=FILE` costs per encrypted bucket copy: it
# downloads the copy, decrypts it in the stream, checks both checksums, the gzip stream and the
# content (RemoteBackupStore.checkEncrypted), against S3Proxy on loopback. Baseline in the same
# run: list's full check of the same backup on disk (BackupVerifier, what list pays once for a
# new local file). Also the decryption alone (age -d to /dev/null).
#   bench/list-encrypted-bench.sh [MIB] [RUNS]   (default MIB=100, 3 runs; median)
# The backup is gzip -1 of MIB MiB of PostgreSQL-shaped dump text (header, rows of random hex,
# end marker), about 0.6 x MIB MiB.
# Needs java, age, age-keygen, python3, the compiled core (dockstart-core/target/classes, any
# core build) and dockstart-core/target/s3proxy/s3proxy.jar (any core test run). Not a test.
set -euo pipefail

MIB=${1:-100}
RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
CORE="$HERE/../dockstart-core"
WORK=$(mktemp -d /tmp/ds-list-enc-bench.XXXXXX)
# shellcheck source=bench/s3proxy-lib.sh
. "$HERE/s3proxy-lib.sh"
trap stop_s3proxy_and_clean EXIT

[ -d "$CORE/target/classes" ] || { echo "no $CORE/target/classes: build the core first" >&2; exit 1; }
(cd "$CORE" && ../mvnw -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp" -Dmdep.includeScope=runtime)
start_s3proxy "$WORK" "$CORE/target/s3proxy/s3proxy.jar"

mkdir -p "$WORK/project/backups"
NAME="bench-2026-11-25T03-00-00.sql.gz"
{
  echo "-- PostgreSQL database dump"
  head -c "$((MIB * 1048576 / 2))" /dev/urandom | od -An -tx1 -w32 | tr -d ' '
  echo "-- PostgreSQL database dump complete"
} | gzip -1 >"$WORK/project/backups/$NAME"
(cd "$WORK/project/backups" && sha256sum "$NAME" >"$NAME.sha256")
age-keygen -o "$WORK/identity" 2>/dev/null
RECIPIENT=$(age-keygen -y "$WORK/identity")

dec=$(for _ in $(seq "$RUNS"); do
  age -r "$RECIPIENT" -o "$WORK/x.age" "$WORK/project/backups/$NAME"
  start=$(date +%s.%N); age -d -i "$WORK/identity" "$WORK/x.age" >/dev/null; end=$(date +%s.%N)
  echo "$end - $start" | bc
done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
rm -f "$WORK/x.age"

java -cp "$CORE/target/classes:$(cat "$WORK/cp")" "$HERE/ListEncryptedBench.java" \
  "http://127.0.0.1:$PORT" "$WORK/project" "$NAME" "$RECIPIENT" "$WORK/identity" "$RUNS" "$dec"
