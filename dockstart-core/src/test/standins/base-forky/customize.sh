#!/bin/sh
# mmdebstrap customize hook, run with the new root file system as $1 (see ../base/customize.sh):
# the official image initialises its data directory at the first start of a container.
set -eu
root=$1
rm -rf "$root"/var/lib/postgresql/18/main "$root"/etc/postgresql/18/main
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
