#!/bin/sh
# mmdebstrap customize hook, run with the new root file system as $1. The official images
# initialise their data directory at the first start of a container, from its environment;
# Debian's packages made a default cluster and a MariaDB system database at install time.
set -eu
root=$1
rm -rf "$root"/var/lib/postgresql/15/main "$root"/etc/postgresql/15/main
find "$root"/var/lib/mysql -mindepth 1 -delete
# package lists and caches are not needed at run time: nothing is installed in a container
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
