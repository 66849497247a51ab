#!/bin/sh
# shellcheck shell=dash
# shellcheck disable=SC2034 # the compressor variables set here are used by the scripts that source it
# What a backup file must hold, and the compressors that write and read it: the content
# rules shared by backup.sh (before a name is claimed) and restore.sh (before anything is
# touched). Sourced after lib.sh.

# --- compression -------------------------------------------------------------

# Three compressors, all writing plain gzip:
#   DUMP_COMPRESS  SQL dump text, streamed while the database holds its snapshot open.
#                  igzip (ISA-L) at its level 1 deflates such text about 15x faster than
#                  zlib at level 6 and, on the dumps in docs/BENCHMARKS.md, no larger.
#   FILE_COMPRESS  finished binary snapshots (RDB, SQLite pages), where zlib's deeper
#                  search saves 5-8 %: pigz on every core, else gzip, at level 6.
#   DECOMPRESS     igzip inflates fastest; every one of them checks CRC and length.
# BACKUP_GZIP_LEVEL (1-9) asks for zlib at that level for everything.
choose_compressor() {
  case $BACKUP_GZIP_LEVEL in
    '' | [1-9]) ;;
    *) die "BACKUP_GZIP_LEVEL='$BACKUP_GZIP_LEVEL' is not a gzip level (use 1 to 9, or leave it unset)" ;;
  esac
  _level=${BACKUP_GZIP_LEVEL:-6}
  if command -v pigz >/dev/null 2>&1; then
    FILE_COMPRESS="pigz -$_level"
    DECOMPRESS="pigz -dc"
  elif gzip -"$_level" </dev/null >/dev/null 2>&1; then
    FILE_COMPRESS="gzip -$_level"
    DECOMPRESS="gzip -dc"
  else
    FILE_COMPRESS="gzip"
    DECOMPRESS="gzip -dc"
  fi
  DUMP_COMPRESS=$FILE_COMPRESS
  if command -v igzip >/dev/null 2>&1; then
    DECOMPRESS="igzip -dc"
    [ -n "$BACKUP_GZIP_LEVEL" ] || DUMP_COMPRESS="igzip -1 -c"
  fi
}

# gzip_ok FILE: the whole gzip stream decompresses and its CRC matches.
gzip_ok() {
  $DECOMPRESS "$1" >/dev/null 2>&1
}

# pg_dump_head: the first 64 bytes of a PostgreSQL dump read on stdin, after the roles section a
# backup starts with (pg_roles_section, whose first lines repeat pg_dump's header): so that what
# dump_header_ok checks is pg_dump's own header, whatever came before it.
pg_dump_head() {
  awk '
    NR < 4 { held[NR] = $0; next }
    NR == 4 && index($0, "-- preceded by the roles it needs (dockstart") == 1 { skip = 1; next }
    NR == 4 { for (i = 1; i < 4; i++) print held[i] }
    skip { if ($0 == "-- end of the roles (dockstart)") skip = 0; next }
    { print; if (++n >= 4) { done = 1; exit } }
    END { if (!done && NR < 4) for (i = 1; i <= NR; i++) print held[i] }' | head -c 64
}

# dump_header_ok TYPE HEAD: HEAD (the first 64 bytes of a dump) holds the header line its
# client writes first: '-- PostgreSQL database dump' (pg_dump), '-- MariaDB dump ...' or
# '-- MySQL dump ...' (mariadb-dump, mysqldump). The same rule as the host's BackupContent.
dump_header_ok() {
  case $1 in
    postgres) printf '%s\n' "$2" | grep -q -x -- '-- PostgreSQL database dump' ;;
    mysql | mariadb) printf '%s\n' "$2" | grep -q -E -- '^-- (MariaDB|MySQL) dump ' ;;
    *) return 1 ;;
  esac
}

# rdb_trailing_bytes FILE: how many bytes follow the end of the RDB snapshot FILE ends with:
# 0 when it ends with the end-of-file opcode 0xFF and its 8-byte checksum, 40 when the mark
# of a diskless transfer follows (redis-cli --rdb - cannot take it back, so host backups may
# carry it); status 1 when there is no end-of-file opcode there (the snapshot was cut short).
# The same rule as the host's RdbFormat.
rdb_trailing_bytes() {
  if [ "$(tail -c 9 "$1" | head -c 1 | od -An -tx1 | tr -d ' \n')" = ff ]; then
    echo 0
  elif [ "$(tail -c 49 "$1" | head -c 1 | od -An -tx1 | tr -d ' \n')" = ff ] &&
    [ "$(tail -c 40 "$1" | tr -d '0-9a-f' | wc -c)" -eq 0 ]; then
    echo 40
  else
    return 1
  fi
}
