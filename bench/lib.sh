# shellcheck shell=bash
# shellcheck disable=SC2034 # the BENCH_ variables set here are used by the scripts that source it
# What the bench scripts share: sourced by each (bash) as `. "$(dirname "$0")/lib.sh"`.
# A work directory removed at exit, timing and medians, free ports, a throwaway PostgreSQL
# server, a BusyBox PATH for the sidecar's scripts, the plugin built and installed, and a
# Maven project that uses it. Not a test: the scripts only report.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# the sidecar's scripts, run by the benches as the sidecar would run them
BENCH_SCRIPTS="$BENCH_ROOT/dockstart-core/src/main/resources/io/github/dockstart/rendering/scripts"
BENCH_EXIT=()

# bench_at_exit COMMAND...: run COMMAND at exit, after those registered later (the work dir goes last).
bench_at_exit() {
  BENCH_EXIT=("$(printf '%q ' "$@")" "${BENCH_EXIT[@]}")
}
_bench_exit() {
  local command
  for command in "${BENCH_EXIT[@]}"; do eval "$command" >/dev/null 2>&1 || true; done
}
trap _bench_exit EXIT

# bench_workdir PREFIX: BENCH_WORK set to a new directory under ${BENCH_DIR:-/tmp} (readable by
# all: a server may run as postgres), removed at exit. Not in a subshell: it registers the removal.
bench_workdir() {
  BENCH_WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/$1.XXXXXX")
  chmod 755 "$BENCH_WORK"
  bench_at_exit rm -rf "$BENCH_WORK"
}

bench_now() { date +%s.%N; }
bench_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# the middle one of the numbers on stdin (the upper middle of an even count)
bench_median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
bench_free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# bench_busybox_path DIR CLIENT...: DIR/bb with every BusyBox applet and DIR/clients with the
# named programs (found on PATH); prints the PATH the sidecar's scripts run with (applets first).
bench_busybox_path() {
  local dir=$1 applet client
  shift
  mkdir -p "$dir/bb" "$dir/clients"
  for applet in $(busybox --list); do ln -s "$(command -v busybox)" "$dir/bb/$applet"; done
  for client in "$@"; do ln -s "$(command -v "$client")" "$dir/clients/$(basename "$client")"; done
  printf '%s' "$dir/bb:$dir/clients"
}

# --- PostgreSQL ----------------------------------------------------------------

# shellcheck disable=SC2012 # version-sorted directory names
BENCH_PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

bench_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# bench_start_postgres DIR PASSWORD [SERVER OPTION...]: a throwaway server (superuser postgres,
# scram-sha-256) with its data and socket in DIR, on a free loopback port, stopped at exit;
# sets BENCH_PG_PORT. Options: e.g. "-c fsync=off".
bench_start_postgres() {
  local dir=$1 password=$2
  shift 2
  BENCH_PG_PORT=$(bench_free_port)
  mkdir -p "$dir/data"
  printf '%s\n' "$password" >"$dir/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/data" "$dir/pwfile"; fi
  bench_as_postgres "$BENCH_PGBIN/initdb" -D "$dir/data" -U postgres -A scram-sha-256 --pwfile="$dir/pwfile" \
    -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  bench_at_exit bench_as_postgres "$BENCH_PGBIN/pg_ctl" -D "$dir/data" -m immediate stop
  bench_as_postgres "$BENCH_PGBIN/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w \
    -o "-p $BENCH_PG_PORT -k $dir/data -c listen_addresses=127.0.0.1 $*" start >/dev/null
}

# bench_fill_postgres DATABASE SCALE TEXT_ROWS: (as postgres, PGPASSWORD set) pgbench -i at SCALE
# (about 10 MB of dump text a unit) plus TEXT_ROWS rows of less compressible text in table notes.
bench_fill_postgres() {
  local connect=(-h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres)
  "$BENCH_PGBIN/pgbench" "${connect[@]}" -i -q -s "$2" "$1" 2>&1 | tail -n 1
  "$BENCH_PGBIN/psql" "${connect[@]}" -X -q -d "$1" -c "
    CREATE TABLE notes(id bigint PRIMARY KEY, body text);
    INSERT INTO notes SELECT i, md5(i::text) || ' ' || md5((i * 31)::text) || ' ' || substr(md5((i * 17)::text), 1, (i % 29) + 3)
      FROM generate_series(1, $3) i;"
  "$BENCH_PGBIN/psql" "${connect[@]}" -X -q -d "$1" -c "VACUUM ANALYZE;"
}

# bench_dump_database: what backup-bench.sh and encrypt-bench.sh dump: a work dir (BENCH_WORK, with
# backups/ and tmp/), a server (BENCH_PG_PORT, PGPASSWORD exported) whose database postgres holds
# BENCH_SCALE (75) units of pgbench and BENCH_TEXT_ROWS (3,000,000) rows of text, about 1 GB of
# dump text (BENCH_DUMP_BYTES), and the sidecar's PATH with its PostgreSQL clients (BENCH_SIDECAR_PATH).
bench_dump_database() {
  local scale=${BENCH_SCALE:-75} rows=${BENCH_TEXT_ROWS:-3000000}
  bench_workdir ds-bench
  export PGPASSWORD=bench-secret
  echo "== building the database (pgbench scale $scale + $rows rows of text) in $BENCH_WORK"
  mkdir -p "$BENCH_WORK/backups" "$BENCH_WORK/tmp"
  bench_start_postgres "$BENCH_WORK" "$PGPASSWORD" -c fsync=off -c shared_buffers=256MB
  bench_fill_postgres postgres "$scale" "$rows"
  BENCH_DUMP_BYTES=$("$BENCH_PGBIN/pg_dump" -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d postgres | wc -c)
  echo "dump text: $BENCH_DUMP_BYTES bytes ($((BENCH_DUMP_BYTES / 1000000)) MB)"
  BENCH_SIDECAR_PATH=$(bench_busybox_path "$BENCH_WORK" "$BENCH_PGBIN/pg_dump" "$BENCH_PGBIN/pg_dumpall" "$BENCH_PGBIN/psql" pigz igzip)
}

# --- the plugin and a project that uses it --------------------------------------

# bench_build_plugin: installs the plugin (and core) into the local repository, without tests;
# sets BENCH_VERSION to the project's version.
bench_build_plugin() {
  echo "Building the plugin..." >&2
  (cd "$BENCH_ROOT" && ./mvnw -q -o install -DskipTests -Dinvoker.skip -pl dockstart-maven-plugin -am >&2)
  BENCH_VERSION=$(bench_version)
}

# the project's version from pom.xml, without starting Maven
bench_version() {
  python3 -c 'import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().findtext("{http://maven.apache.org/POM/4.0.0}version"))' \
    "$BENCH_ROOT/pom.xml"
}

# bench_project DIR ARTIFACT URL USER [PASSWORD]: a Maven project with a PostgreSQL driver, the
# plugin (BENCH_VERSION) and a Spring datasource (jdbc:postgresql:// URL) in application.properties.
bench_project() {
  local dir=$1
  mkdir -p "$dir/src/main/resources"
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>$2</artifactId><version>1</version>
<dependencies><dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.4</version></dependency></dependencies>
<build><plugins><plugin><groupId>io.github.dockstart</groupId><artifactId>dockstart-maven-plugin</artifactId><version>$BENCH_VERSION</version></plugin></plugins></build>
</project>
POM
  {
    printf 'spring.datasource.url=%s\nspring.datasource.username=%s\n' "$3" "$4"
    [ $# -lt 5 ] || printf 'spring.datasource.password=%s\n' "$5"
  } >"$dir/src/main/resources/application.properties"
}
