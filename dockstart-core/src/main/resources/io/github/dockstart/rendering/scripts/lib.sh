#!/bin/sh
# placeholder: the sidecar work replaces this script
set -eu
: # shared functions of the sidecar scripts
