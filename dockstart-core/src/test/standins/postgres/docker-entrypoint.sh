#!/bin/sh
# Stand-in for the official postgres image's docker-entrypoint.sh (written from its
# documented behaviour, not copied): initialise an empty PGDATA from POSTGRES_* on the
# first start, then exec the server so that it is PID 1 and gets docker stop's signal.
set -eu

log() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# file_env VAR [DEFAULT]: set VAR from itself, else from the file named by VAR_FILE,
# else DEFAULT, so that secrets can come from Docker/Compose secret files.
file_env() {
  _var=$1
  _default=${2:-}
  eval "_value=\${$_var:-}"
  eval "_file=\${${_var}_FILE:-}"
  if [ -n "$_value" ] && [ -n "$_file" ]; then
    die "both $_var and ${_var}_FILE are set, but they are exclusive"
  fi
  if [ -n "$_file" ]; then
    _value=$(cat "$_file")
  elif [ -z "$_value" ]; then
    _value=$_default
  fi
  export "$_var=$_value"
  unset "${_var}_FILE"
}

# The server's own informational options must not trigger an initialisation.
wants_help() {
  for _arg; do
    case $_arg in
      '-?' | --help | --describe-config | -V | --version) return 0 ;;
    esac
  done
  return 1
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=}"
  : "${POSTGRES_INITDB_WALDIR:=}"
  DATABASE_ALREADY_EXISTS=
  if [ -s "$PGDATA/PG_VERSION" ]; then
    DATABASE_ALREADY_EXISTS=true
  fi
}

create_directories() {
  mkdir -p "$PGDATA"
  # PostgreSQL refuses a data directory that others can read
  chmod 0700 "$PGDATA" 2>/dev/null || :
  mkdir -p /var/run/postgresql 2>/dev/null || :
  chmod 3777 /var/run/postgresql 2>/dev/null || :
  if [ -n "$POSTGRES_INITDB_WALDIR" ]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
    chmod 0700 "$POSTGRES_INITDB_WALDIR" 2>/dev/null || :
  fi
  if [ "$(id -u)" = 0 ]; then
    find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
    if [ -n "$POSTGRES_INITDB_WALDIR" ]; then
      find "$POSTGRES_INITDB_WALDIR" \! -user postgres -exec chown postgres '{}' +
    fi
  fi
}

verify_minimum_env() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    cat >&2 <<'EOM'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
EOM
    exit 1
  fi
  if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
    log 'WARNING: POSTGRES_HOST_AUTH_METHOD=trust lets anyone who reaches the server connect as any user without a password.'
  fi
}

init_database_dir() {
  set -- --username="$POSTGRES_USER"
  if [ -n "$POSTGRES_INITDB_WALDIR" ]; then
    set -- "$@" --waldir="$POSTGRES_INITDB_WALDIR"
  fi
  # the password reaches initdb through a pipe, never its command line; eval lets
  # POSTGRES_INITDB_ARGS carry quoted arguments, as the official image allows
  if [ -n "$POSTGRES_PASSWORD" ]; then
    printf '%s\n' "$POSTGRES_PASSWORD" |
      eval 'initdb "$@" --pwfile=/dev/stdin '"$POSTGRES_INITDB_ARGS"
  else
    eval 'initdb "$@" '"$POSTGRES_INITDB_ARGS"
  fi
}

# Append the rule for connections from other hosts. initdb's own rules (trust on the
# socket and on loopback) stay first, as in the official image.
setup_hba_conf() {
  if [ -z "$POSTGRES_HOST_AUTH_METHOD" ]; then
    POSTGRES_HOST_AUTH_METHOD=$(postgres -C password_encryption)
  fi
  {
    printf '\n'
    printf 'host all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD"
  } >>"$PGDATA/pg_hba.conf"
}

# quote_args ARG...: the arguments as one string that a shell splits back into them
quote_args() {
  _quoted=
  for _arg; do
    _quoted="$_quoted '$(printf '%s' "$_arg" | sed "s/'/'\\\\''/g")'"
  done
  printf '%s' "$_quoted"
}

# The temporary server listens on the socket only, so that nothing outside the
# container (a TCP health check included) sees it before initialisation is complete.
temp_server_start() {
  [ "${1:-}" = postgres ] && shift
  PGUSER=${PGUSER:-$POSTGRES_USER} pg_ctl -D "$PGDATA" \
    -o "$(quote_args "$@" -c listen_addresses= -p "${PGPORT:-5432}")" -w start
}

temp_server_stop() {
  PGUSER=${PGUSER:-$POSTGRES_USER} pg_ctl -D "$PGDATA" -m fast -w stop
}

psql_cmd() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

setup_db() {
  [ "$POSTGRES_DB" = postgres ] && return 0
  _exists=$(printf '%s\n' "SELECT 1 FROM pg_database WHERE datname = :'db' ;" |
    psql_cmd --dbname postgres --set db="$POSTGRES_DB" --tuples-only)
  if [ -z "$(printf '%s' "$_exists" | tr -d ' \n')" ]; then
    psql_cmd --dbname postgres --set db="$POSTGRES_DB" <<'EOSQL'
CREATE DATABASE :"db" ;
EOSQL
    log
  fi
}

process_init_files() {
  for _f in /docker-entrypoint-initdb.d/*; do
    [ -e "$_f" ] || continue
    case $_f in
      *.sh)
        if [ -x "$_f" ]; then
          log "$0: running $_f"
          "$_f"
        else
          log "$0: sourcing $_f"
          # shellcheck disable=SC1090
          . "$_f"
        fi
        ;;
      *.sql)
        log "$0: running $_f"
        psql_cmd --dbname "$POSTGRES_DB" -f "$_f"
        ;;
      *.sql.gz)
        log "$0: running $_f"
        gzip -dc "$_f" | psql_cmd --dbname "$POSTGRES_DB"
        ;;
      *) log "$0: ignoring $_f" ;;
    esac
    log
  done
}

main() {
  # an option as the first argument means options for postgres
  _first=${1:-}
  if [ "${_first#-}" != "$_first" ]; then
    set -- postgres "$@"
  fi
  if [ "${1:-}" = postgres ] && ! wants_help "$@"; then
    setup_env
    create_directories
    if [ "$(id -u)" = 0 ]; then
      # the server refuses to run as root: start again as postgres
      exec gosu postgres "$0" "$@"
    fi
    if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
      verify_minimum_env
      init_database_dir
      setup_hba_conf
      export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
      temp_server_start "$@"
      setup_db
      process_init_files
      temp_server_stop
      unset PGPASSWORD
      log
      log 'PostgreSQL init process complete; ready for start up.'
      log
    else
      log
      log 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
      log
    fi
  fi
  exec "$@"
}

main "$@"
