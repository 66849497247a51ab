#!/bin/bash
# What grandfather-father-son retention costs rotate.sh: 10,000 backups (an hourly backup for
# 416 days, 20,000 files with the .sha256 files), rotated by the sidecar's rotate.sh under
# busybox sh, with BACKUP_KEEP_DAILY/_WEEKLY/_MONTHLY off (the baseline) and on, alternating in
# one run; and the selection alone (expired_backups over the listing, no deletion), where the
# cost of the periods would show first.
#   bench/rotate-bench.sh [RUNS]    (default 5 runs each; the median is reported)
# Settings "on": 14 days, 8 weeks, 12 months (typical); "all": 10,000 of each, so that every one
# of the 10,000 backups has its day, week and month worked out (the worst case).
# Reports wall time and CPU time (user + system of rotate.sh and its children): on a shared,
# loaded machine the CPU time is the steadier measure. Needs busybox, bc and GNU time
# (/usr/bin/time). Not a test: it only reports.
set -euo pipefail

RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPTS="$HERE/../dockstart-core/src/main/resources/io/github/dockstart/rendering/scripts"
BUSYBOX=$(command -v busybox)
WORK=$(mktemp -d /tmp/ds-rotate-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

mkdir -p "$WORK/bb" "$WORK/tmp" "$WORK/template"
for a in $($BUSYBOX --list); do ln -s "$BUSYBOX" "$WORK/bb/$a"; done
echo "== 10,000 backups of one container, hourly from 2025-01-01, with their checksums"
awk 'BEGIN { for (i = 0; i < 10000; i++) { t = 1735689600 + i * 3600; printf "cache-%s.rdb.gz\n", strftime("%Y-%m-%dT%H-%M-%S", t, 1) } }' |
  while read -r f; do : >"$WORK/template/$f"; printf '0  %s\n' "$f" >"$WORK/template/$f.sha256"; done

periods() { # off | on | all
  case $1 in
    off) echo "BACKUP_KEEP_DAILY=0 BACKUP_KEEP_WEEKLY=0 BACKUP_KEEP_MONTHLY=0" ;;
    on) echo "BACKUP_KEEP_DAILY=14 BACKUP_KEEP_WEEKLY=8 BACKUP_KEEP_MONTHLY=12" ;;
    all) echo "BACKUP_KEEP_DAILY=10000 BACKUP_KEEP_WEEKLY=10000 BACKUP_KEEP_MONTHLY=10000" ;;
  esac
}

# rotate.sh on a fresh hard-linked copy of the template; prints wall seconds, CPU seconds, files left
rotate_once() {
  rm -rf "$WORK/rot" && cp -al "$WORK/template" "$WORK/rot"
  # shellcheck disable=SC2046 # the settings are words of NAME=VALUE
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" env -i PATH="$WORK/bb" TMPDIR="$WORK/tmp" TZ=UTC BACKUP_DIR="$WORK/rot" \
    DB_TYPE=redis DB_CONTAINER=cache DB_HOST=127.0.0.1 BACKUP_RETENTION_DAYS=7 BACKUP_KEEP_MIN=3 $(periods "$1") \
    "$BUSYBOX" sh "$SCRIPTS/rotate.sh" 2>"$WORK/rotate-$1.log"
  # shellcheck disable=SC2012 # a count of plain names
  echo "$(wall_and_cpu) $(ls "$WORK/rot" | wc -l)"
}

# the selection alone, over the template's listing (nothing deleted); prints wall and CPU seconds, names selected
select_once() {
  # shellcheck disable=SC2046,SC2016 # NAME=VALUE words; the script expands its own variables
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" env -i PATH="$WORK/bb" TZ=UTC BACKUP_DIR="$WORK/template" $(periods "$1") \
    OUT="$WORK/selected" LIB="$SCRIPTS/lib.sh" RET="$SCRIPTS/retention.sh" "$BUSYBOX" sh -c \
    '. "$LIB"; . "$RET"; ls -Ap "$BACKUP_DIR" | expired_backups cache rdb 2030-01-01T00-00-00 2030-01-01T00-00-00 >"$OUT"'
  echo "$(wall_and_cpu) $(wc -l <"$WORK/selected")"
}

# GNU time's last line: elapsed, user, system; prints "wall cpu"
wall_and_cpu() {
  tail -n 1 "$WORK/time" | awk '{ printf "%s %.2f", $1, $2 + $3 }'
}

: >"$WORK/left"
for run in $(seq "$RUNS"); do
  for mode in off on all; do
    read -r secs cpu left <<<"$(rotate_once "$mode")"
    echo "$secs" >>"$WORK/rotate-$mode"
    echo "$cpu" >>"$WORK/rotate-cpu-$mode"
    echo "$mode $left" >>"$WORK/left"
    read -r secs cpu selected <<<"$(select_once "$mode")"
    echo "$secs" >>"$WORK/select-$mode"
    echo "$cpu" >>"$WORK/select-cpu-$mode"
    echo "select-$mode $selected" >>"$WORK/left"
  done
  echo "run $run done"
done

left() { grep "^$1 " "$WORK/left" | head -n 1 | cut -d' ' -f2; }
ratio() { echo "$(median <"$WORK/$1") / $(median <"$WORK/$2")" | bc -l; }
printf '\n%-36s %8s %8s  %s\n' "measure (median of $RUNS)" "wall" "CPU" "CPU of each run"
for what in rotate select; do
  for mode in off on all; do
    printf '%-36s %8.3f %8.2f  %s (%s)\n' "$what, periods $mode" "$(median <"$WORK/$what-$mode")" \
      "$(median <"$WORK/$what-cpu-$mode")" "$(tr '\n' ' ' <"$WORK/$what-cpu-$mode")" \
      "$(left "$([ "$what" = rotate ] && echo "$mode" || echo "select-$mode")") $([ "$what" = rotate ] && echo 'files left of 20,000' || echo 'of 10,000 selected')"
  done
done
for what in rotate select; do
  for mode in on all; do
    printf '%-36s wall %6.3f  CPU %6.3f\n' "$what: periods $mode / off" "$(ratio "$what-$mode" "$what-off")" \
      "$(ratio "$what-cpu-$mode" "$what-cpu-off")"
  done
done
