#!/bin/sh
# shellcheck shell=dash
# shellcheck disable=SC2153 # HOST, PORT, USER_NAME and PASSWORD are set by the script that sources it
# The database clients' side of the sidecar: SQLite probes, the MySQL/MariaDB option file and
# client names, and PostgreSQL's roles section, connection and safety databases; shared by
# backup.sh and restore.sh (rotate.sh uses the PostgreSQL part). Sourced after lib.sh.

# --- SQLite ------------------------------------------------------------------

# sqlite_in_use FILE: another process has the database open. In WAL mode every open connection
# keeps a shared lock for as long as it is open, otherwise one inside a transaction does; asking
# for an exclusive lock without waiting tells which. A damaged file fails otherwise: not in use.
# The same probe as the host's SqliteAccess.
sqlite_in_use() {
  [ -f "$1" ] || return 1
  _probe=$(sqlite3 -bail "$1" 'PRAGMA locking_mode=EXCLUSIVE' 'BEGIN EXCLUSIVE' 'COMMIT' 2>&1 >/dev/null) && return 1
  case $_probe in
    *"database is locked"* | *"database is busy"*) return 0 ;;
    *) return 1 ;;
  esac
}

# sqlite_wal_mode FILE: the file header's read and write versions (offsets 18, 19) are 2 in WAL mode.
sqlite_wal_mode() {
  [ -f "$1" ] && [ "$(od -An -tu1 -j18 -N2 "$1" | tr -s ' ' | sed 's/^ //')" = "2 2" ]
}

# option_value TEXT: TEXT as a double-quoted value of a MySQL/MariaDB option file. Inside
# the quotes the parser turns \\ \" \n \r \t back into their characters, so any password can
# be written, a line break too (raw, it would end the line, and the client would complain
# about the rest of the password as an unknown option, in the log). Character by character:
# no sed or gsub escaping rules to get wrong; the '.' keeps a trailing line break in TEXT.
option_value() {
  printf '%s.' "$1" | awk '
    {
      if (NR > 1) out = out "\\n"
      n = length($0)
      for (i = 1; i <= n; i++) {
        c = substr($0, i, 1)
        if (c == "\\") c = "\\\\"
        else if (c == "\"") c = "\\\""
        else if (c == "\r") c = "\\r"
        else if (c == "\t") c = "\\t"
        out = out c
      }
    }
    END { printf "\"%s\"", substr(out, 1, length(out) - 1) }'
}

# mysql_option_file: the credentials for the MySQL/MariaDB clients in a private file
# given as --defaults-extra-file (the first option), so the password is in no argv.
# For MySQL (TYPE mysql), TLS without checking the server's certificate: MySQL signs its
# own, and MariaDB 11.4's clients (Alpine's) verify by default and then refuse to connect.
# [client-mariadb] is read by MariaDB's clients only; MySQL's own know no such option.
mysql_option_file() {
  _opt="$WORK_DIR/my.cnf"
  (umask 077 && : >"$_opt")
  {
    echo '[client]'
    printf 'user=%s\n' "$(option_value "$USER_NAME")"
    printf 'password=%s\n' "$(option_value "$PASSWORD")"
    printf 'host=%s\n' "$(option_value "$HOST")"
    printf 'port=%s\n' "$PORT"
    if [ "$TYPE" = mysql ]; then
      echo '[client-mariadb]'
      echo 'ssl-verify-server-cert=0'
    fi
  } >"$_opt"
  printf '%s' "$_opt"
}

# mysql_client NAME OTHER: the first of two client programs that is installed.
mysql_client() {
  if command -v "$1" >/dev/null 2>&1; then
    printf '%s' "$1"
  elif command -v "$2" >/dev/null 2>&1; then
    printf '%s' "$2"
  else
    return 1
  fi
}

# --- MySQL/MariaDB definers ----------------------------------------------------

# A dump names the definer of each view, trigger, routine and event. Creating one for another
# user needs SUPER or SET USER (MariaDB), SET_USER_ID or SET_ANY_DEFINER (MySQL); without it the
# load stops half way at the first such object (ERROR 1227), and so would the restore of the
# safety copy. A user without that right gets those objects with itself as their definer, and
# is told which definers changed. The same rule as the host's MySqlDefiners.
# shellcheck disable=SC2016 # backquotes quote names in SQL; nothing here expands
MY_DEFINER='DEFINER=`[^`]*`\(@`[^`]*`\)\{0,1\}'

# grants_allow_definers: the SHOW GRANTS lines on stdin give a right to name any definer.
grants_allow_definers() {
  grep '^GRANT .* ON \*\.\* TO ' | sed 's/ ON \*\.\* TO .*//' |
    grep -q -E 'ALL PRIVILEGES|SUPER|SET USER|SET_USER_ID|SET_ANY_DEFINER'
}

# definers_rewritten: stdin to stdout with every definer replaced by CURRENT_USER, except in
# INSERT lines (the data); the lines that named one are kept in $WORK_DIR/definers.
definers_rewritten() {
  sed -e '/^INSERT INTO /b' -e "/DEFINER=\`/w $WORK_DIR/definers" -e "s/$MY_DEFINER/DEFINER=CURRENT_USER/g"
}

# definers_changed CURRENT-USER: the other definers definers_rewritten replaced, space separated.
definers_changed() {
  [ -s "$WORK_DIR/definers" ] || return 0
  { grep -o "$MY_DEFINER" "$WORK_DIR/definers" || true; } | sed 's/^DEFINER=//; s/`//g' | sort -u |
    { grep -v -x -F "$1" || true; } | tr '\n' ' ' | sed 's/ $//'
}

# --- PostgreSQL roles ----------------------------------------------------------

# pg_roles_section: turns `pg_dumpall --roles-only --no-role-passwords` (stdin) into the
# section a PostgreSQL backup starts with, so that a restore into a fresh server finds the
# roles that own objects and hold grants. Every statement is idempotent and harmless where the
# role exists: a role is created only where it is missing (without a password: none was backed
# up), a membership granted only where one side was created by this section, and a lack of
# privilege is a warning, not an error (the dump's own OWNER TO then says what is missing).
# Role settings and comments are left out. The same rule as the host's PostgresRoles.
pg_roles_section() {
  # pg_dump's own first lines, where both sides' content checks look for them
  printf '%s\n' '--' '-- PostgreSQL database dump' '--' \
    '-- preceded by the roles it needs (dockstart; pg_dumpall --roles-only --no-role-passwords)' ''
  awk '
    function lit(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
    # the role name as pg_dumpall printed it: "quoted" (with "" inside) or plain
    function ident(s,   m) {
      if (substr(s, 1, 1) == "\"") { if (match(s, /^"([^"]|"")*"/)) return substr(s, 1, RLENGTH); return "" }
      if (match(s, /^[^ ;]+/)) return substr(s, 1, RLENGTH)
      return ""
    }
    /^CREATE ROLE / { role = ident(substr($0, 13)); next }
    /^ALTER ROLE / && role != "" && index($0, "ALTER ROLE " role " WITH ") == 1 {
      print "DO $dockstart$\nBEGIN\n  IF to_regrole(" lit(role) ") IS NULL THEN"
      print "    CREATE ROLE " role ";\n    " $0
      print "    PERFORM set_config(\047dockstart.created_roles\047, concat_ws(\047,\047, nullif(current_setting(\047dockstart.created_roles\047, true), \047\047), to_regrole(" lit(role) ")::oid::text), false);"
      print "    RAISE WARNING \047dockstart: created role % (without a password)\047, " lit(role) ";"
      print "  END IF;\nEXCEPTION WHEN insufficient_privilege THEN\n  RAISE WARNING \047dockstart: could not create role %: %\047, " lit(role) ", SQLERRM;\nEND\n$dockstart$;"
      role = ""
      next
    }
    /^GRANT / {
      granted = ident(substr($0, 7))
      rest = substr($0, 7 + length(granted))
      if (granted == "" || substr(rest, 1, 4) != " TO ") next
      member = ident(substr(rest, 5))
      if (member == "") next
      print "DO $dockstart$\nBEGIN\n  IF to_regrole(" lit(granted) ")::oid::text = ANY (string_to_array(current_setting(\047dockstart.created_roles\047, true), \047,\047))"
      print "     OR to_regrole(" lit(member) ")::oid::text = ANY (string_to_array(current_setting(\047dockstart.created_roles\047, true), \047,\047)) THEN"
      print "    " $0
      print "  END IF;\nEXCEPTION WHEN insufficient_privilege OR undefined_object THEN\n  RAISE WARNING \047dockstart: could not grant a role membership: %\047, SQLERRM;\nEND\n$dockstart$;"
    }
  '
  printf '%s\n' '' '-- end of the roles (dockstart)' ''
}

# --- PostgreSQL safety databases -------------------------------------------------

# A PostgreSQL restore keeps the database it replaced as {DB}_before_restore_{YYYYMMDDTHHMMSS}
# (see restore.sh); rotation keeps the newest BACKUP_SAFETY_KEEP (3) of each database. They are
# databases, not files in BACKUP_DIR: BACKUP_KEEP_MIN and the retention days do not apply.

pg_env() {
  export PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
  export PGHOST="$HOST" PGPORT="$PORT" PGUSER="$USER_NAME"
  export PGOPTIONS='-c client_min_messages=warning'
}

# pg_sql DATABASE [psql options]: runs the SQL on stdin, tuples only, stopping at the first error.
pg_sql() {
  _pg_db=$1
  shift
  psql -X -q -At --no-password -v ON_ERROR_STOP=1 --dbname="$_pg_db" "$@" -f -
}

# Safety databases of DB, newest first: NAME|bytes
pg_safety_databases() {
  pg_sql "$MAINT_DB" -v db="$DB" <<'SQL'
SELECT datname || '|' || pg_database_size(oid) FROM pg_database
 WHERE left(datname, length(:'db')) = :'db'
   AND substr(datname, length(:'db') + 1) ~ '^_before_restore_[0-9]{8}T[0-9]{6}$'
 ORDER BY datname DESC;
SQL
}

human_size() {
  awk -v b="$1" 'BEGIN { split("bytes kB MB GB TB", u, " "); i = 1; while (b >= 1024 && i < 5) { b /= 1024; i++ } printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'
}

# maintenance_database: a database other than DB to run CREATE, RENAME and DROP from.
maintenance_database() {
  for _m in postgres template1; do
    [ "$_m" != "$DB" ] || continue
    if echo 'SELECT 1;' | pg_sql "$_m" >/dev/null 2>&1; then
      printf '%s' "$_m"
      return 0
    fi
  done
  return 1
}
