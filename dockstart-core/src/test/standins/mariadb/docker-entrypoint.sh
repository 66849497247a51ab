#!/bin/sh
# Stand-in for the official mariadb image's docker-entrypoint.sh (written from its
# documented behaviour, not copied): initialise an empty /var/lib/mysql from MARIADB_*
# (or MYSQL_*) on the first start, then exec the server so that it is PID 1.
set -eu

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date '+%F %T%:z')" "$*"; }
warn() { printf '%s [Warn] [Entrypoint]: %s\n' "$(date '+%F %T%:z')" "$*" >&2; }
die() {
  printf '%s [ERROR] [Entrypoint]: %s\n' "$(date '+%F %T%:z')" "$*" >&2
  exit 1
}

# env_var NAME [DEFAULT]: set MARIADB_NAME from MARIADB_NAME, MARIADB_NAME_FILE,
# MYSQL_NAME or MYSQL_NAME_FILE (the image's older names), else DEFAULT.
env_var() {
  _name=$1
  _value=
  for _prefix in MARIADB_ MYSQL_; do
    eval "_v=\${$_prefix$_name:-}"
    eval "_f=\${$_prefix${_name}_FILE:-}"
    if [ -n "$_v" ] && [ -n "$_f" ]; then
      die "both $_prefix$_name and $_prefix${_name}_FILE are set, but they are exclusive"
    fi
    if [ -n "$_f" ]; then
      _v=$(cat "$_f")
    fi
    if [ -n "$_v" ]; then
      _value=$_v
      break
    fi
  done
  [ -n "$_value" ] || _value=${2:-}
  export "MARIADB_$_name=$_value"
  unset "MARIADB_${_name}_FILE" "MYSQL_${_name}_FILE"
}

wants_help() {
  for _arg; do
    case $_arg in
      -'?' | --help | --print-defaults | -V | --version) return 0 ;;
    esac
  done
  return 1
}

# server_option NAME SERVER-COMMAND...: NAME's value as the server would use it
server_option() {
  _option=$1
  shift
  "$@" --verbose --help 2>/dev/null |
    awk -v opt="$_option" '$1 == opt && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}

setup_env() {
  if ! _err=$("$@" --verbose --help 2>&1 >/dev/null); then
    die "mariadbd failed while attempting to check config: $_err"
  fi
  DATADIR=$(server_option datadir "$@")
  DATADIR=${DATADIR%/}
  SOCKET=$(server_option socket "$@")
  PORT=$(server_option port "$@")
  env_var ROOT_HOST %
  env_var DATABASE
  env_var USER
  env_var PASSWORD
  env_var PASSWORD_HASH
  env_var ROOT_PASSWORD
  env_var ROOT_PASSWORD_HASH
  env_var ALLOW_EMPTY_ROOT_PASSWORD
  env_var RANDOM_ROOT_PASSWORD
  env_var INITDB_SKIP_TZINFO
  DATABASE_ALREADY_EXISTS=
  if [ -d "$DATADIR/mysql" ]; then
    DATABASE_ALREADY_EXISTS=true
  fi
}

create_directories() {
  mkdir -p "$DATADIR"
  if [ "$(id -u)" = 0 ]; then
    find "$DATADIR" \! -user mysql -exec chown mysql: '{}' +
    # the socket's directory, for a socket configured outside /run/mysqld too
    _dir=$(dirname "$SOCKET")
    mkdir -p "$_dir"
    chown mysql: "$_dir"
  fi
}

verify_minimum_env() {
  if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ROOT_PASSWORD_HASH" ] &&
    [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ] && [ -z "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
    die 'Database is uninitialized and password option is not specified
	You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD'
  fi
  if [ "$MARIADB_USER" = root ]; then
    die 'MARIADB_USER="root", MARIADB_USER and MARIADB_PASSWORD are for configuring a regular user and cannot be used for the root user
	Remove MARIADB_USER="root" and use one of the following to control the root user password:
	- MARIADB_ROOT_PASSWORD
	- MARIADB_ALLOW_EMPTY_ROOT_PASSWORD
	- MARIADB_RANDOM_ROOT_PASSWORD'
  fi
  if [ -n "$MARIADB_USER" ] && [ -z "$MARIADB_PASSWORD" ] && [ -z "$MARIADB_PASSWORD_HASH" ]; then
    warn 'MARIADB_USER set, but MARIADB_PASSWORD and MARIADB_PASSWORD_HASH are not; the user will not be created'
  fi
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

random_password() {
  head -c 24 /dev/urandom | base64 | tr -d '\n/+='
}

# process_sql [CLIENT-OPTION...]: run SQL from standard input as root over the socket.
# Root's password, once set, travels in MYSQL_PWD, never on a command line.
process_sql() {
  mariadb --protocol=socket -uroot -hlocalhost --socket="$SOCKET" "$@"
}

temp_server_start() {
  "$@" --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET" --wsrep_on=OFF \
    --expire-logs-days=0 --skip-slave-start --loose-innodb_buffer_pool_load_at_startup=0 &
  TEMP_SERVER_PID=$!
  note 'Waiting for server startup'
  _i=0
  until process_sql --database=mysql -e 'SELECT 1' >/dev/null 2>&1; do
    _i=$((_i + 1))
    if [ "$_i" -ge 30 ] || ! kill -0 "$TEMP_SERVER_PID" 2>/dev/null; then
      die 'Unable to start server.'
    fi
    sleep 1
  done
}

temp_server_stop() {
  kill "$TEMP_SERVER_PID"
  wait "$TEMP_SERVER_PID" || die 'the temporary server did not stop cleanly'
}

setup_db() {
  if [ -z "$MARIADB_INITDB_SKIP_TZINFO" ]; then
    # time zone tables, so that CONVERT_TZ and named time zones work
    mariadb-tzinfo-to-sql --skip-write-binlog /usr/share/zoneinfo 2>/dev/null |
      process_sql --database=mysql
  fi
  if [ -n "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
    MARIADB_ROOT_PASSWORD=$(random_password)
    export MARIADB_ROOT_PASSWORD
    note "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
  fi
  _root_pw=$(sql_string "$MARIADB_ROOT_PASSWORD")
  if [ -n "$MARIADB_ROOT_PASSWORD_HASH" ]; then
    _root_auth="IDENTIFIED BY PASSWORD '$(sql_string "$MARIADB_ROOT_PASSWORD_HASH")'"
  else
    _root_auth="IDENTIFIED BY '$_root_pw'"
  fi
  _root_host=$(sql_string "$MARIADB_ROOT_HOST")
  _root_remote=
  if [ "$MARIADB_ROOT_HOST" != localhost ]; then
    _root_remote="CREATE USER 'root'@'$_root_host' $_root_auth ;
GRANT ALL ON *.* TO 'root'@'$_root_host' WITH GRANT OPTION ;
GRANT PROXY ON ''@'%' TO 'root'@'$_root_host' WITH GRANT OPTION ;"
  fi
  # healthcheck.sh logs in with this account; it may do nothing but connect
  _health_pw=$(random_password)
  _health=
  for _host in 127.0.0.1 ::1 localhost; do
    _health="$_health
CREATE USER 'healthcheck'@'$_host' IDENTIFIED BY '$_health_pw' ;"
  done
  _database=
  if [ -n "$MARIADB_DATABASE" ]; then
    note "Creating database $MARIADB_DATABASE"
    _database="CREATE DATABASE IF NOT EXISTS \`$(sql_name "$MARIADB_DATABASE")\` ;"
  fi
  _user=
  if [ -n "$MARIADB_USER" ] && { [ -n "$MARIADB_PASSWORD" ] || [ -n "$MARIADB_PASSWORD_HASH" ]; }; then
    note "Creating user $MARIADB_USER"
    _name=$(sql_string "$MARIADB_USER")
    if [ -n "$MARIADB_PASSWORD_HASH" ]; then
      _user="CREATE USER '$_name'@'%' IDENTIFIED BY PASSWORD '$(sql_string "$MARIADB_PASSWORD_HASH")' ;"
    else
      _user="CREATE USER '$_name'@'%' IDENTIFIED BY '$(sql_string "$MARIADB_PASSWORD")' ;"
    fi
    if [ -n "$MARIADB_DATABASE" ]; then
      note "Giving user $MARIADB_USER access to schema $MARIADB_DATABASE"
      _user="$_user
GRANT ALL ON \`$(sql_name "$MARIADB_DATABASE")\`.* TO '$_name'@'%' ;"
    fi
  fi
  process_sql --binary-mode <<EOSQL
SET @@SESSION.SQL_LOG_BIN=0;
SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');
-- mariadb-install-db's extra accounts: anonymous ones and root at this host's names
DROP USER IF EXISTS ''@'localhost', root@'127.0.0.1', root@'::1';
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\'', @@hostname, '\'');
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS \'\'@\'', @@hostname, '\'');
ALTER USER 'root'@'localhost' $_root_auth ;
$_root_remote
$_health
$_database
$_user
EOSQL
  printf '[mariadb-client]\nport=%s\nsocket=%s\nuser=healthcheck\npassword=%s\n' \
    "$PORT" "$SOCKET" "$_health_pw" >"$DATADIR/.my-healthcheck.cnf"
  chmod 0600 "$DATADIR/.my-healthcheck.cnf"
}

process_init_files() {
  for _f in /docker-entrypoint-initdb.d/*; do
    [ -e "$_f" ] || continue
    case $_f in
      *.sh)
        if [ -x "$_f" ]; then
          note "$0: running $_f"
          "$_f"
        else
          note "$0: sourcing $_f"
          # shellcheck disable=SC1090
          . "$_f"
        fi
        ;;
      *.sql)
        note "$0: running $_f"
        process_sql ${MARIADB_DATABASE:+"--database=$MARIADB_DATABASE"} <"$_f"
        ;;
      *.sql.gz)
        note "$0: running $_f"
        gzip -dc "$_f" | process_sql ${MARIADB_DATABASE:+"--database=$MARIADB_DATABASE"}
        ;;
      *) note "$0: ignoring $_f" ;;
    esac
  done
}

init_database() {
  note 'Initializing database files'
  mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal \
    --skip-test-db --default-time-zone=SYSTEM --enforce-storage-engine= --skip-log-bin \
    --expire-logs-days=0 --loose-innodb_buffer_pool_load_at_startup=0 \
    --loose-innodb_buffer_pool_dump_at_shutdown=0 >/dev/null
  note 'Database files initialized'
  note 'Starting temporary server'
  temp_server_start "$@"
  note 'Temporary server started.'
  setup_db
  # from here on root has its password
  MYSQL_PWD=$MARIADB_ROOT_PASSWORD
  export MYSQL_PWD
  process_init_files
  unset MYSQL_PWD
  note 'Stopping temporary server'
  temp_server_stop
  note 'Temporary server stopped'
  note 'MariaDB init process done. Ready for start up.'
}

main() {
  # an option as the first argument means options for mariadbd
  _first=${1:-}
  if [ "${_first#-}" != "$_first" ]; then
    set -- mariadbd "$@"
  fi
  case ${1:-} in
    mariadbd | mysqld)
      if ! wants_help "$@"; then
        note "Entrypoint script for MariaDB Server ($("$1" --version)) started."
        setup_env "$@"
        create_directories
        if [ "$(id -u)" = 0 ]; then
          # the server runs as mysql: start again as that user
          note 'Switching to dedicated user mysql'
          exec gosu mysql "$0" "$@"
        fi
        if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
          verify_minimum_env
          init_database "$@"
        fi
      fi
      ;;
  esac
  exec "$@"
}

main "$@"
