#!/usr/bin/env bash
# Runs every test of dockstart: installs the Debian packages the tests use when any is
# missing (real database servers, BusyBox, the validators), then runs `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  busybox shellcheck docker-compose   # the shell the sidecar runs under, and the validators
  postgresql postgresql-contrib        # throwaway PostgreSQL servers, pg_dump, psql, pgbench
  mariadb-server mariadb-client        # throwaway MariaDB servers, mariadb-dump
  redis-server redis-tools             # throwaway Redis servers, redis-cli
  sqlite3 isal pigz gzip curl          # SQLite backups, compression (igzip, pigz), S3 uploads
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "Installing the Debian packages the tests need: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

exec ./mvnw -B --no-transfer-progress verify "$@"
