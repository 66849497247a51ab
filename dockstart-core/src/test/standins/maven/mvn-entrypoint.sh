#!/bin/sh
# Stand-in for the official maven image's mvn-entrypoint.sh (written from its documented
# behaviour, not copied): seed MAVEN_CONFIG (~/.m2) from /usr/share/maven/ref without
# overwriting anything there, then run the command.
set -eu

if [ -n "${MAVEN_CONFIG:-}" ] && [ -d /usr/share/maven/ref ]; then
  (cd /usr/share/maven/ref && find . ! -type d) | while IFS= read -r _f; do
    _dest=$MAVEN_CONFIG/${_f#./}
    if [ ! -e "$_dest" ]; then
      mkdir -p "$(dirname "$_dest")"
      cp -p "/usr/share/maven/ref/${_f#./}" "$_dest"
    fi
  done
fi
# the Maven Wrapper reads MAVEN_CONFIG as extra arguments: the image unsets it
unset MAVEN_CONFIG
exec "$@"
