#!/usr/bin/env bash
# `mvn dockstart:list` over COUNT backups of about SIZE_MB MB each: the first run reads every
# file in full (gzip stream, SHA-256, content), the second reuses the verdicts remembered in
# backups/.dockstart-verified. Beside it, Maven's own start: `dockstart:list -Ddockstart.skip`
# (Maven, the project and the plugin loaded, no dockstart work) and `validate` (no plugin).
#
# The backups are one pg_dump-shaped SQL text (header, COPY rows of md5-like hex, end marker;
# hex compresses about 2:1, so each file inflates to about twice its size) gzipped once and
# copied under COUNT names, each with its own .sha256. They are deleted afterwards.
#
# Usage: bench/list-bench.sh              (COUNT=100 SIZE_MB=100 RUNS=3; needs COUNT*SIZE_MB MB of disk)
#        MVN=mvn bench/list-bench.sh      (time the machine's Maven instead of ./mvnw)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-100}
size_mb=${SIZE_MB:-100}
runs=${RUNS:-3}
mvn_cmd=${MVN:-$PWD/mvnw}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_workdir dockstart-list-bench
work=$BENCH_WORK

bench_build_plugin
project=$work/project
bench_project "$project" list-bench jdbc:postgresql://127.0.0.1:5432/shop shop unused
mkdir -p "$project/backups"

echo "Writing one dump of about $size_mb MB gzipped..." >&2
python3 - "$size_mb" <<'PY' | gzip -1 >"$work/dump.sql.gz"
import os, sys
target = int(sys.argv[1]) * 1_000_000 * 2  # hex text compresses about 2:1
out = sys.stdout.buffer
out.write(b"--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.notes (id integer NOT NULL, a text, b text, at timestamp);\n"
          b"COPY public.notes (id, a, b, at) FROM stdin;\n")
written, i = 0, 0
while written < target:
    rows = b"".join(b"%d\t%s\t%s\t2026-11-25 03:%02d:%02d\n" % (i + k, os.urandom(16).hex().encode(), os.urandom(16).hex().encode(), k % 60, k % 59)
                    for k in range(10000))
    out.write(rows); written += len(rows); i += 10000
out.write(b"\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n")
PY
dump_bytes=$(stat -c %s "$work/dump.sql.gz")
text_bytes=$(gzip -dc "$work/dump.sql.gz" | wc -c)
sum=$(sha256sum "$work/dump.sql.gz" | cut -d' ' -f1)

echo "Copying it under $count names..." >&2
for i in $(seq 0 $((count - 1))); do
  name=postgres-$(date -u -d "2026-11-01 03:00:00 $i hours ago" +%Y-%m-%dT%H-%M-%S).sql.gz
  cp "$work/dump.sql.gz" "$project/backups/$name"
  printf '%s  %s\n' "$sum" "$name" >"$project/backups/$name.sha256"
  chmod 600 "$project/backups/$name" "$project/backups/$name.sha256"
done
rm "$work/dump.sql.gz"
sync

timed() { # goal args...: prints wall ms, fails on a failed build
  local start
  start=$(bench_now_ms)
  "$mvn_cmd" -o -B -f "$project/pom.xml" "$@" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
  echo $(( $(bench_now_ms) - start ))
}

own_ms() { # the goal's own time in the last log: from its execution's header to BUILD SUCCESS
  awk '/--- dockstart:.*:list / { a = $1 } /BUILD SUCCESS/ { b = $1 }
       function ms(t,  p) { split(t, p, /[:.]/); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 + p[4] }
       END { print ms(b) - ms(a) }' "$work/mvn.log"
}
stamps=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)

echo "list, first run (no remembered verdicts)..." >&2
first=$(timed dockstart:list)
grep -c ' yes$' "$work/mvn.log" | grep -qx "$count" || { echo "not every backup listed as verified" >&2; cat "$work/mvn.log" >&2; exit 1; }
echo "list, second runs, and Maven's start..." >&2
second=() own=() skip=() validate=()
for _ in $(seq "$runs"); do
  second+=("$(timed dockstart:list "${stamps[@]}")")
  grep -q "$count of $count verdicts are remembered" "$work/mvn.log" || { cat "$work/mvn.log" >&2; exit 1; }
  own+=("$(own_ms)")
  skip+=("$(timed dockstart:list -Ddockstart.skip)")
  validate+=("$(timed validate)")
done
echo "verify..." >&2
verify=$(timed dockstart:verify)

cat <<REPORT
backups: $count x $dump_bytes bytes gzipped ($text_bytes bytes of SQL each), $(( count * dump_bytes / 1000000 )) MB in all
list, first run (reads every file):     $first ms
list, second run (median of $runs):        $(printf '%s\n' "${second[@]}" | bench_median) ms  (${second[*]})
  of which the goal itself (log):       $(printf '%s\n' "${own[@]}" | bench_median) ms  (${own[*]})
Maven's start: list -Ddockstart.skip:   $(printf '%s\n' "${skip[@]}" | bench_median) ms  (${skip[*]})
Maven's start: validate (no plugin):    $(printf '%s\n' "${validate[@]}" | bench_median) ms  (${validate[*]})
verify (always reads every file):       $verify ms
REPORT
