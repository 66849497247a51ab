#!/bin/sh
# shellcheck shell=dash
# The schedule: the check of BACKUP_SCHEDULE and the arithmetic of the healthcheck (how
# old the last backup may be). Sourced after lib.sh, only by entrypoint.sh and healthcheck.sh.

# --- schedule ----------------------------------------------------------------

# check_schedule: BACKUP_SCHEDULE must be a schedule supercronic runs as meant: five
# fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of week
# 0-6 or sun-sat, or 7 alone) of comma lists of *, values and ranges a-b (a <= b), each
# with an optional step /n (1 to the field's largest value), or a shorthand such as @daily.
# No seconds or years fields, no ? L W #: nothing else may reach the crontab line.
# The same rule as the Java CronSchedule, which checks it at generate time
# (CronScheduleParityTest feeds both the same expressions).
check_schedule() {
  check_cron BACKUP_SCHEDULE "$BACKUP_SCHEDULE"
}

# check_cron NAME VALUE: the rule above for the setting NAME (BACKUP_SCHEDULE, or the schedule
# of BACKUP_RESTORE_TEST).
check_cron() {
  _cron_name=$1
  _cron=$2
  case $_cron in
    *[!0-9A-Za-z*/,@\ -]*) die "$_cron_name='$_cron' contains characters that are not part of a cron expression" ;;
  esac
  # split into fields without expanding '*' as a file name pattern
  set -f
  # shellcheck disable=SC2086 # split the expression into its fields
  set -- $_cron
  set +f
  case ${1:-} in
    @*)
      if [ $# -eq 1 ]; then
        case $1 in
          @hourly | @daily | @weekly | @monthly | @yearly | @annually) return 0 ;;
        esac
      fi
      die "$_cron_name='$_cron' is not a cron expression; the shorthands supercronic knows are @hourly @daily @weekly @monthly @yearly @annually" ;;
  esac
  [ $# -eq 5 ] || die "$_cron_name='$_cron' has $# fields; a cron expression has 5 (minute hour day-of-month month day-of-week), without seconds or years"
  _problem=$(echo "$1 $2 $3 $4 $5" | awk '
    BEGIN {
      split("minute hour day-of-month month day-of-week", fname, " ")
      split("0 0 1 1 0", lo, " "); split("59 23 31 12 6", hi, " "); split("59 23 31 12 6", maxstep, " ")
      split("jan feb mar apr may jun jul aug sep oct nov dec", m, " ")
      for (k = 1; k <= 12; k++) months[m[k]] = k
      split("sun mon tue wed thu fri sat", d, " ")
      for (k = 1; k <= 7; k++) days[d[k]] = k - 1
    }
    # the value of a number or three-letter name, -1 if neither; a day of week has one
    # digit (supercronic reads 05 there as Sunday)
    function value(s, i,   v, u) {
      if (i == 5 && s ~ /^[0-9]$/ || i != 5 && s ~ /^[0-9][0-9]?$/) {
        v = s + 0
        if (v < lo[i] || v > hi[i]) return -1
        return v
      }
      u = tolower(s)
      if (i == 4 && (u in months)) return months[u]
      if (i == 5 && (u in days)) return days[u]
      return -1
    }
    # *, a value or a range a-b, each with an optional step /n; Sunday as 7 only alone
    # (supercronic reads 7 as 0, so 0-7 would be Sunday only and 1-7 nothing)
    function element(e, i,   p, base, step, a, b) {
      if (i == 5 && e == "7") return 1
      base = e
      p = index(e, "/")
      if (p > 0) {
        step = substr(e, p + 1)
        if (step !~ /^[0-9][0-9]?$/ || step + 0 < 1 || step + 0 > maxstep[i]) return 0
        base = substr(e, 1, p - 1)
      }
      if (base == "*") return 1
      p = index(base, "-")
      if (p > 0) {
        a = value(substr(base, 1, p - 1), i); b = value(substr(base, p + 1), i)
        return a >= 0 && b >= 0 && a <= b
      }
      return value(base, i) >= 0
    }
    {
      for (i = 1; i <= 5; i++) {
        n = split($i, parts, ",")
        for (j = 1; j <= n; j++) {
          if (!element(parts[j], i)) {
            printf "has an invalid %s field '\''%s'\''", fname[i], $i
            exit
          }
        }
      }
    }')
  [ -z "$_problem" ] || die "$_cron_name='$_cron' $_problem"
}

# check_restore_test: BACKUP_RESTORE_TEST is off (the default), after-backup, or a cron
# expression for drill.sh (the same rule as BACKUP_SCHEDULE).
check_restore_test() {
  case $(restore_test_mode) in
    off | after-backup) ;;
    *) check_cron BACKUP_RESTORE_TEST "$BACKUP_RESTORE_TEST" ;;
  esac
}

# schedule_interval_seconds: the longest time between two runs of BACKUP_SCHEDULE.
# Minute/hour/weekday fields (numbers, *, */N, a-b, a-b/N, lists, day names) are
# expanded into every run time of a day or a week and the largest gap is taken;
# a restricted day of month or month counts as 31 or 366 days.
schedule_interval_seconds() {
  case $BACKUP_SCHEDULE in
    @hourly) echo 3600; return ;;
    @daily | @midnight) echo 86400; return ;;
    @weekly) echo 604800; return ;;
    @monthly) echo 2678400; return ;;
    @yearly | @annually) echo 31622400; return ;;
  esac
  set -f
  # shellcheck disable=SC2086 # split the expression into its fields
  set -- $BACKUP_SCHEDULE
  set +f
  echo "$1 $2 $3 $4 $5" | awk '
    function expand(field, lo, hi, set,   parts, n, i, p, step, range, a, b, v, count) {
      for (v in set) delete set[v]
      count = 0
      n = split(field, parts, ",")
      for (i = 1; i <= n; i++) {
        p = parts[i]; step = 1
        if (index(p, "/") > 0) { step = substr(p, index(p, "/") + 1) + 0; p = substr(p, 1, index(p, "/") - 1); if (step < 1) return -1 }
        if (p == "*" || p == "?") { a = lo; b = hi }
        else if (index(p, "-") > 0) { a = name(substr(p, 1, index(p, "-") - 1)); b = name(substr(p, index(p, "-") + 1)) }
        else { a = name(p); b = index(parts[i], "/") > 0 ? hi : a }
        if (a < 0 || b < 0 || a < lo || b > hi || a > b) return -1
        for (v = a; v <= b; v += step) { if (!(v in set)) count++; set[v] = 1 }
      }
      return count
    }
    function name(s,   u) {
      u = toupper(s)
      if (u ~ /^[0-9]+$/) return u + 0
      if (u == "SUN") return 0; if (u == "MON") return 1; if (u == "TUE") return 2
      if (u == "WED") return 3; if (u == "THU") return 4; if (u == "FRI") return 5
      if (u == "SAT") return 6
      return -1
    }
    # largest circular gap between the values of set, whose cycle is period long
    function largest_gap(set, period,   v, list, n, i, j, t, gap) {
      n = 0
      for (v in set) list[++n] = v + 0
      for (i = 2; i <= n; i++) { t = list[i]; j = i - 1; while (j >= 1 && list[j] > t) { list[j + 1] = list[j]; j-- } list[j + 1] = t }
      gap = list[1] + period - list[n]
      for (i = 2; i <= n; i++) if (list[i] - list[i - 1] > gap) gap = list[i] - list[i - 1]
      return gap
    }
    {
      if (expand($1, 0, 59, mins) <= 0 || expand($2, 0, 23, hours) <= 0) { print 86400; exit }
      dom_all = ($3 == "*" || $3 == "?"); mon_all = ($4 == "*" || $4 == "?")
      dow_all = ($5 == "*" || $5 == "?")
      if (!mon_all) { print 31622400; exit }
      if (!dom_all) { print 2678400; exit }
      if (dow_all) { for (d = 0; d < 1; d++) days[d] = 1 }
      else {
        f = $5; gsub(/7/, "0", f)
        if (expand(f, 0, 6, days) <= 0) { print 2678400; exit }
      }
      period = dow_all ? 1440 : 10080
      for (d in days) for (h in hours) for (m in mins) times[d * 1440 + h * 60 + m] = 1
      print largest_gap(times, period) * 60
    }'
}

# max_backup_age_seconds: how old the last successful backup may be before the
# healthcheck reports unhealthy. BACKUP_MAX_AGE_SECONDS wins; otherwise the longest
# gap of BACKUP_SCHEDULE plus half of it plus 10 minutes for the backup itself
# (daily: 36 h 10 min, hourly: 1 h 40 min), so one missed run makes it unhealthy.
max_backup_age_seconds() {
  if [ -n "${BACKUP_MAX_AGE_SECONDS:-}" ]; then
    is_uint "$BACKUP_MAX_AGE_SECONDS" || die "BACKUP_MAX_AGE_SECONDS='$BACKUP_MAX_AGE_SECONDS' is not a number of seconds"
    echo "$BACKUP_MAX_AGE_SECONDS"
    return
  fi
  _interval=$(schedule_interval_seconds)
  echo $((_interval + _interval / 2 + 600))
}
