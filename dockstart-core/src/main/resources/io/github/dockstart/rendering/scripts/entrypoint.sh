#!/bin/sh
# placeholder: the sidecar work replaces this script
set -eu
echo "entrypoint.sh is not implemented yet" >&2
exit 1
