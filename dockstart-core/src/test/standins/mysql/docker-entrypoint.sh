#!/bin/sh
# Stand-in for the official mysql image's docker-entrypoint.sh (written from its documented
# behaviour, not copied): initialise an empty /var/lib/mysql from MYSQL_* on the first start,
# then exec the server so that it is PID 1.
set -eu

DEFAULTS=--defaults-file=/etc/mysql-standin/my.cnf
DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date '+%F %T%:z')" "$*"; }
die() {
  printf '%s [ERROR] [Entrypoint]: %s\n' "$(date '+%F %T%:z')" "$*" >&2
  exit 1
}

# env_var NAME [DEFAULT]: MYSQL_NAME from MYSQL_NAME or MYSQL_NAME_FILE, else DEFAULT.
env_var() {
  eval "_v=\${MYSQL_$1:-}"
  eval "_f=\${MYSQL_$1_FILE:-}"
  if [ -n "$_v" ] && [ -n "$_f" ]; then
    die "both MYSQL_$1 and MYSQL_$1_FILE are set (but are exclusive)"
  fi
  if [ -n "$_f" ]; then
    _v=$(cat "$_f")
  fi
  export "MYSQL_$1=${_v:-${2:-}}"
  unset "MYSQL_$1_FILE"
}

# sql_string TEXT: TEXT as the body of a single-quoted SQL string literal
sql_string() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g"
}

# sql_name TEXT: TEXT as the body of a backquoted SQL identifier
sql_name() {
  # shellcheck disable=SC2016 # the backquotes are literal
  printf '%s' "$1" | sed -e 's/`/``/g'
}

# process_sql [CLIENT-OPTION...]: SQL from standard input as root over the socket; root's
# password, once set, travels in MYSQL_PWD, never on a command line.
process_sql() {
  mysql --no-defaults --protocol=socket --socket="$SOCKET" -uroot --skip-ssl "$@"
}

# init_database [MYSQLD-OPTION...]
init_database() {
  env_var ROOT_HOST %
  for _name in DATABASE USER PASSWORD ROOT_PASSWORD ALLOW_EMPTY_PASSWORD RANDOM_ROOT_PASSWORD; do
    env_var "$_name"
  done
  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    die 'Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD'
  fi
  [ "$MYSQL_USER" != root ] || die 'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user'
  note 'Initializing database files'
  mysqld "$DEFAULTS" "$@" --initialize-insecure --log-error-verbosity=1 >/dev/null 2>&1 ||
    die 'mysqld --initialize-insecure failed'
  note 'Database files initialized'
  mysqld "$DEFAULTS" "$@" --skip-networking --socket="$SOCKET" &
  _pid=$!
  _i=0
  until process_sql -e 'SELECT 1' >/dev/null 2>&1; do
    _i=$((_i + 1))
    if [ "$_i" -ge 60 ] || ! kill -0 "$_pid" 2>/dev/null; then
      die 'Unable to start server.'
    fi
    sleep 1
  done
  note 'Temporary server started.'
  if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    MYSQL_ROOT_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')
    note "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
  fi
  _auth="IDENTIFIED BY '$(sql_string "$MYSQL_ROOT_PASSWORD")'"
  _sql="ALTER USER 'root'@'localhost' $_auth;"
  if [ "$MYSQL_ROOT_HOST" != localhost ]; then
    _host=$(sql_string "$MYSQL_ROOT_HOST")
    _sql="$_sql CREATE USER 'root'@'$_host' $_auth; GRANT ALL ON *.* TO 'root'@'$_host' WITH GRANT OPTION;"
  fi
  if [ -n "$MYSQL_DATABASE" ]; then
    note "Creating database $MYSQL_DATABASE"
    _sql="$_sql CREATE DATABASE IF NOT EXISTS \`$(sql_name "$MYSQL_DATABASE")\`;"
  fi
  if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
    note "Creating user $MYSQL_USER"
    _user=$(sql_string "$MYSQL_USER")
    _sql="$_sql CREATE USER '$_user'@'%' IDENTIFIED BY '$(sql_string "$MYSQL_PASSWORD")';"
    if [ -n "$MYSQL_DATABASE" ]; then
      _sql="$_sql GRANT ALL ON \`$(sql_name "$MYSQL_DATABASE")\`.* TO '$_user'@'%';"
    fi
  fi
  printf 'SET @@SESSION.SQL_LOG_BIN=0; %s\n' "$_sql" | process_sql
  MYSQL_PWD=$MYSQL_ROOT_PASSWORD
  export MYSQL_PWD
  for _f in /docker-entrypoint-initdb.d/*; do
    [ -e "$_f" ] || continue
    note "$0: running $_f"
    # shellcheck disable=SC1090 # the init scripts are the user's
    case $_f in
      *.sh) if [ -x "$_f" ]; then "$_f"; else . "$_f"; fi ;;
      *.sql) process_sql ${MYSQL_DATABASE:+"--database=$MYSQL_DATABASE"} <"$_f" ;;
      *.sql.gz) gzip -dc "$_f" | process_sql ${MYSQL_DATABASE:+"--database=$MYSQL_DATABASE"} ;;
      *) note "$0: ignoring $_f" ;;
    esac
  done
  unset MYSQL_PWD
  kill "$_pid"
  wait "$_pid" || die 'the temporary server did not stop cleanly'
  note 'MySQL init process done. Ready for start up.'
}

main() {
  # an option as the first argument means options for mysqld
  _first=${1:-}
  if [ "${_first#-}" != "$_first" ]; then
    set -- mysqld "$@"
  fi
  if [ "${1:-}" = mysqld ]; then
    if [ "$(id -u)" = 0 ]; then
      find "$DATADIR" \! -user mysql -exec chown mysql: '{}' +
      exec gosu mysql "$0" "$@"
    fi
    shift
    if [ ! -d "$DATADIR/mysql" ]; then
      init_database "$@"
    fi
    # --defaults-file must come first
    exec mysqld "$DEFAULTS" "$@"
  fi
  exec "$@"
}

main "$@"
