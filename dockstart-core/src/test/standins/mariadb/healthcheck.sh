#!/bin/sh
# Stand-in for the official mariadb image's healthcheck.sh (written from its documented
# behaviour, not copied). Each test option must pass; any other option is an error.
#   --connect                     the server accepts TCP connections (networking is up:
#                                 the first start's temporary server has none)
#   --innodb_initialized          InnoDB is available
#   --innodb_buffer_pool_loaded   InnoDB finished loading its buffer pool
#   --defaults-file=F, --defaults-extra-file=F, --no-defaults, --datadir=D
# Credentials come from DATADIR/.my-healthcheck.cnf, written on the first start.
set -u

datadir=/var/lib/mysql
defaults=
extra_file=
no_defaults=
tests=

for arg; do
  case $arg in
    --connect | --innodb_initialized | --innodb_buffer_pool_loaded) tests="$tests ${arg#--}" ;;
    --defaults-file=*) defaults=${arg#*=} ;;
    --defaults-extra-file=*) extra_file=${arg#*=} ;;
    --no-defaults) no_defaults=true ;;
    --datadir=*) datadir=${arg#*=} ;;
    *)
      echo "healthcheck.sh: unsupported option: $arg" >&2
      exit 1
      ;;
  esac
done
if [ -z "$tests" ]; then
  echo 'healthcheck.sh: name at least one test, e.g. --connect' >&2
  exit 1
fi
if [ -z "$extra_file" ] && [ -r "$datadir/.my-healthcheck.cnf" ]; then
  extra_file=$datadir/.my-healthcheck.cnf
fi

client() {
  mariadb ${no_defaults:+--no-defaults} ${defaults:+"--defaults-file=$defaults"} \
    ${extra_file:+"--defaults-extra-file=$extra_file"} --skip-ssl "$@"
}

# Any answer but "can't connect" (even "access denied") shows the server is listening.
connect() {
  _out=$(client -h localhost --protocol=tcp -e 'SELECT 1' 2>&1) && return 0
  case $_out in
    *"Can't connect"*) echo "healthcheck connect failed: $_out" >&2; return 1 ;;
  esac
  return 0
}

# query SQL: the single value SQL returns, over the socket
query() {
  client --protocol=socket --skip-column-names --batch -e "$1" 2>/dev/null
}

innodb_initialized() {
  [ "$(query "SELECT 1 FROM information_schema.ENGINES WHERE engine = 'innodb' AND support IN ('YES', 'DEFAULT', 'ENABLED')")" = 1 ] ||
    { echo 'healthcheck innodb_initialized failed' >&2; return 1; }
}

innodb_buffer_pool_loaded() {
  case $(query "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'Innodb_buffer_pool_load_status'") in
    'Buffer pool(s) load completed at'*) return 0 ;;
  esac
  echo 'healthcheck innodb_buffer_pool_loaded failed' >&2
  return 1
}

for test in $tests; do
  case $test in
    connect) connect ;;
    innodb_initialized) innodb_initialized ;;
    innodb_buffer_pool_loaded) innodb_buffer_pool_loaded ;;
  esac || exit 1
done
exit 0
