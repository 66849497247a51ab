#!/usr/bin/env bash
# Runs every test of dockstart: installs what the tests use when any of it is missing (real
# database servers, BusyBox, the validators, a Docker engine with Compose v2 and the Dev Containers
# CLI), then runs `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  busybox shellcheck                   # the shell the sidecar runs under, and the script linter
  postgresql postgresql-contrib        # throwaway PostgreSQL servers, pg_dump, psql, pgbench
  mariadb-server mariadb-client        # throwaway MariaDB servers, mariadb-dump
  libaio1 libnuma1                     # what the MySQL 8.0 test server's mysqld links (its binaries
                                       # come from a Maven test dependency; see MySqlServer)
  redis-server redis-tools             # throwaway Redis servers, redis-cli
  sqlite3 isal pigz gzip curl          # SQLite backups, compression (igzip, pigz), S3 uploads
  age                                  # encrypted bucket copies: age and age-keygen (the tests'
                                       # key pairs); the host's restore decrypts with it too
  docker.io iproute2 mmdebstrap        # the end-to-end tests' own dockerd, in its own network
                                       # namespace, and the Debian root file system of its images
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
if ((${#missing[@]})); then
  echo "Installing the Debian packages the tests need: ${missing[*]}"
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Compose v2 and buildx: Debian 12 packages only Compose v1, Debian 13 packages v2 as CLI plugins.
# They are taken from Debian 13's archive with an apt state of their own (the machine's sources stay
# as they are) and unpacked into the tests' cache, which the tests use as DOCKER_CONFIG.
# The tests' cache (the same default as TestCache.java): root's is readable by the other users the
# end-to-end tests run tools as.
if [ "$(id -u)" -eq 0 ]; then default_cache=/var/cache/dockstart-tests; else default_cache=$HOME/.cache/dockstart-tests; fi
cache=${DOCKSTART_TEST_CACHE:-$default_cache}
compose_version=2.26.1
plugins=$cache/docker-config/cli-plugins
if ! "$plugins/docker-compose" version 2>/dev/null | grep -q "$compose_version"; then
  echo "Installing Compose v2 and buildx from Debian 13 into $plugins"
  apt_dir=$cache/apt-trixie
  mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs" "$plugins"
  echo "deb http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State=$apt_dir/state" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1
    -o APT::Sandbox::User=root)
  apt-get "${apt_options[@]}" update >/dev/null
  (cd "$apt_dir/debs" && rm -f ./*.deb && apt-get "${apt_options[@]}" download docker-compose docker-buildx)
  rm -rf "$apt_dir/root"
  for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$apt_dir/root"; done
  cp "$apt_dir"/root/usr/libexec/docker/cli-plugins/docker-{compose,buildx} "$plugins/"
fi

# The reference Dev Containers CLI (what VS Code runs), pinned, under the tests' cache.
devcontainer_version=0.89.0
if ! "$cache/npm/node_modules/.bin/devcontainer" --version 2>/dev/null | grep -qx "$devcontainer_version"; then
  if ! command -v npm >/dev/null; then
    "${sudo[@]}" apt-get install -y --no-install-recommends npm
  fi
  echo "Installing the Dev Containers CLI $devcontainer_version into $cache/npm"
  npm install --no-audit --no-fund --prefix "$cache/npm" "@devcontainers/cli@$devcontainer_version"
fi

exec ./mvnw -B --no-transfer-progress verify "$@"
