#!/bin/sh
# shellcheck shell=dash
# Remote copies of the backups in an S3-compatible bucket (AWS S3, MinIO, Google Cloud
# Storage's XML API with HMAC keys), with curl's SigV4 signing: no AWS CLI, no Python.
# Sourced by backup.sh and rotate.sh after lib.sh (checksums) and retention.sh, whose rotation
# selection (expired_backups) and settings check s3_rotate share; every function returns
# non-zero with a log line on failure and never touches the local backups.
#
# Environment:
#   BACKUP_S3_BUCKET     the bucket; empty = remote copies are off
#   BACKUP_S3_PREFIX     prepended to every object key, e.g. "myapp/" (default: none)
#   BACKUP_S3_ENDPOINT   e.g. https://storage.googleapis.com or http://minio:9000;
#                        empty = AWS (https://BUCKET.s3.REGION.amazonaws.com/KEY);
#                        a custom endpoint is addressed path style: ENDPOINT/BUCKET/KEY
#   BACKUP_S3_REGION     signing region (default us-east-1)
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID_FILE,
#   AWS_SECRET_ACCESS_KEY_FILE), optional AWS_SESSION_TOKEN (or _FILE)
#   BACKUP_RETENTION_DAYS, BACKUP_KEEP_MIN, BACKUP_KEEP_DAILY/_WEEKLY/_MONTHLY: remote
#                        rotation, same rules as rotate.sh
#   BACKUP_S3_LIST_PAGE_SIZE  keys per listing request (default: the store's, 1000)
#   BACKUP_S3_MULTIPART_THRESHOLD_MB  backups larger than this many MiB go up in parts
#                        (multipart upload; default 100, at most 5120: one PUT takes 5 GiB)
#   BACKUP_S3_PART_SIZE_MB  size of those parts in MiB (default 64, 5 to 5120; grown when a
#                        backup would need more than 10000 parts)
#   BACKUP_ENCRYPT_RECIPIENTS  age public keys (age1...), space or comma separated, or
#                        BACKUP_ENCRYPT_RECIPIENTS_FILE (one per line, # comments): the
#                        bucket then gets NAME.age (encrypted with age) instead of NAME;
#                        the local backup stays plain. Checksums cover both forms:
#                        NAME.age.sha256 (the encrypted bytes, checked before decrypting)
#                        and NAME.sha256 (the plain backup, checked after), uploaded last.
#
# The credentials reach curl only through a config read from its standard input
# (curl -K -), written by the shell's printf builtin: never in an argument, so never in
# a process list, and never logged.

# The multipart defaults; MultipartSettings.DEFAULT_THRESHOLD_MB and DEFAULT_PART_SIZE_MB are
# the same, and so are the values it accepts (a test checks). generate writes the variables from
# dockstart.s3.multipartThresholdMb and dockstart.s3.partSizeMb only when they differ from these.
S3_MULTIPART_THRESHOLD_MB_DEFAULT=100
S3_PART_SIZE_MB_DEFAULT=64

# SHA-256 of an empty body, the payload hash of GET, HEAD and DELETE requests.
S3_EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

s3_log() {
  log "$@"
}

s3_enabled() {
  [ -n "${BACKUP_S3_BUCKET:-}" ]
}

# _s3_secret NAME: lib.sh's read_secret NAME on stdout, or its problem logged.
_s3_secret() {
  read_secret "$1" || { s3_log "ERROR: $SECRET_PROBLEM"; return 1; }
  printf '%s' "$SECRET"
}

# _s3_quote VALUE: VALUE as a double-quoted curl config string.
_s3_quote() {
  printf '%s' "$1" | sed 's/[\\"]/\\&/g'
}

# _s3_setup: check the settings and load the credentials (into unexported variables).
_s3_setup() {
  S3_BUCKET=${BACKUP_S3_BUCKET:-}
  S3_PREFIX=${BACKUP_S3_PREFIX:-}
  S3_REGION=${BACKUP_S3_REGION:-us-east-1}
  S3_ENDPOINT=${BACKUP_S3_ENDPOINT:-}
  S3_ENDPOINT=${S3_ENDPOINT%/}
  case $S3_BUCKET in
    '') s3_log "ERROR: BACKUP_S3_BUCKET is not set"; return 1 ;;
    *[!a-z0-9._-]*) s3_log "ERROR: BACKUP_S3_BUCKET='$S3_BUCKET' is not a valid bucket name"; return 1 ;;
  esac
  # the prefix goes into URLs and signed queries: keep it to characters that need no escaping
  case $S3_PREFIX in
    /*) s3_log "ERROR: BACKUP_S3_PREFIX='$S3_PREFIX' must not start with '/'"; return 1 ;;
    *[!A-Za-z0-9._/-]*) s3_log "ERROR: BACKUP_S3_PREFIX='$S3_PREFIX' may only contain letters, digits, '.', '_', '-' and '/'"; return 1 ;;
  esac
  case ${BACKUP_S3_LIST_PAGE_SIZE:-1} in
    0 | *[!0-9]*) s3_log "ERROR: BACKUP_S3_LIST_PAGE_SIZE='$BACKUP_S3_LIST_PAGE_SIZE' is not a positive number"; return 1 ;;
  esac
  S3_MULTIPART_THRESHOLD_MB=${BACKUP_S3_MULTIPART_THRESHOLD_MB:-$S3_MULTIPART_THRESHOLD_MB_DEFAULT}
  S3_PART_SIZE_MB=${BACKUP_S3_PART_SIZE_MB:-$S3_PART_SIZE_MB_DEFAULT}
  if ! is_uint "$S3_MULTIPART_THRESHOLD_MB" || [ "${#S3_MULTIPART_THRESHOLD_MB}" -gt 4 ] ||
    [ "$S3_MULTIPART_THRESHOLD_MB" -lt 1 ] || [ "$S3_MULTIPART_THRESHOLD_MB" -gt 5120 ]; then
    s3_log "ERROR: BACKUP_S3_MULTIPART_THRESHOLD_MB='$S3_MULTIPART_THRESHOLD_MB' is not a whole number of MiB from 1 to 5120"
    return 1
  fi
  # S3 takes parts of 5 MiB to 5 GiB (all but the last)
  if ! is_uint "$S3_PART_SIZE_MB" || [ "${#S3_PART_SIZE_MB}" -gt 4 ] ||
    [ "$S3_PART_SIZE_MB" -lt 5 ] || [ "$S3_PART_SIZE_MB" -gt 5120 ]; then
    s3_log "ERROR: BACKUP_S3_PART_SIZE_MB='$S3_PART_SIZE_MB' is not a whole number of MiB from 5 to 5120"
    return 1
  fi
  case $S3_REGION in
    '' | *[!a-z0-9-]*) s3_log "ERROR: BACKUP_S3_REGION='$S3_REGION' is not a region name"; return 1 ;;
  esac
  case $S3_ENDPOINT in
    '') S3_BASE="https://$S3_BUCKET.s3.$S3_REGION.amazonaws.com" ;;
    http://* | https://*) S3_BASE="$S3_ENDPOINT/$S3_BUCKET" ;;
    *) s3_log "ERROR: BACKUP_S3_ENDPOINT='$S3_ENDPOINT' is not an http:// or https:// URL"; return 1 ;;
  esac
  command -v curl >/dev/null 2>&1 || { s3_log "ERROR: curl is not installed; it uploads the backups to S3"; return 1; }
  _s3_key_id=$(_s3_secret AWS_ACCESS_KEY_ID) || return 1
  _s3_secret_key=$(_s3_secret AWS_SECRET_ACCESS_KEY) || return 1
  _s3_token=$(_s3_secret AWS_SESSION_TOKEN) || return 1
  if [ -z "$_s3_key_id" ] || [ -z "$_s3_secret_key" ]; then
    s3_log "ERROR: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their _FILE variants) must be set to use bucket $S3_BUCKET"
    return 1
  fi
  S3_CURL_CONFIG="user = \"$(_s3_quote "$_s3_key_id"):$(_s3_quote "$_s3_secret_key")\""
  if [ -n "$_s3_token" ]; then
    S3_CURL_CONFIG="$S3_CURL_CONFIG
header = \"x-amz-security-token: $(_s3_quote "$_s3_token")\""
  fi
  unset _s3_key_id _s3_secret_key _s3_token
  S3_WHERE="bucket $S3_BUCKET at ${S3_ENDPOINT:-AWS region $S3_REGION}"
}

# _s3_url KEY: the object's URL (keys are made of URL-safe characters, see _s3_setup).
_s3_url() {
  printf '%s/%s' "$S3_BASE" "$1"
}

# _s3_encode VALUE: percent-encoded as SigV4 wants: all but A-Z a-z 0-9 - _ . ~
_s3_encode() {
  printf '%s' "$1" | awk '
    BEGIN { for (i = 1; i < 256; i++) code[sprintf("%c", i)] = i }
    {
      if (NR > 1) out = out "%0A"
      for (i = 1; i <= length($0); i++) {
        c = substr($0, i, 1)
        if (c ~ /[A-Za-z0-9_.~-]/) out = out c
        else out = out sprintf("%%%02X", code[c])
      }
    }
    END { printf "%s", out }'
}

# _s3_request METHOD URL PAYLOAD_SHA256 [FILE]: one signed request. Sets S3_STATUS
# (HTTP status, 000 when the endpoint was not reached) and S3_BODY (the response).
_s3_request() {
  _s3_method=$1
  _s3_req_url=$2
  _s3_sha=$3
  _s3_out=''
  if [ $# -ge 4 ]; then
    _s3_out=$(printf '%s\n' "$S3_CURL_CONFIG" | curl -sS -K - --aws-sigv4 "aws:amz:$S3_REGION:s3" \
      --connect-timeout 15 --retry 2 --retry-delay 2 \
      -H "x-amz-content-sha256: $_s3_sha" -H "Content-Type: application/octet-stream" \
      -X "$_s3_method" -T "$4" -w "$S3_WRITE_OUT"'\n%{http_code}' "$_s3_req_url") || true
  else
    _s3_out=$(printf '%s\n' "$S3_CURL_CONFIG" | curl -sS -K - --aws-sigv4 "aws:amz:$S3_REGION:s3" \
      --connect-timeout 15 --retry 2 --retry-delay 2 \
      -H "x-amz-content-sha256: $_s3_sha" -X "$_s3_method" \
      -w "$S3_WRITE_OUT"'\n%{http_code}' "$_s3_req_url") || true
  fi
  S3_STATUS=${_s3_out##*"$NL_S3"}
  case $_s3_out in
    *"$NL_S3"*) S3_BODY=${_s3_out%"$NL_S3"*} ;;
    *) S3_BODY='' ;;
  esac
  case $S3_STATUS in
    [0-9][0-9][0-9]) ;;
    *) S3_STATUS=000 ;;
  esac
}
NL_S3='
'
# extra curl --write-out before the status line (UploadPart asks for the ETag header)
S3_WRITE_OUT=''

# _s3_ok: whether the last request succeeded (2xx).
_s3_ok() {
  case $S3_STATUS in
    2??) return 0 ;;
    *) return 1 ;;
  esac
}

# _s3_problem: the last failure in words, for one log line.
_s3_problem() {
  if [ "$S3_STATUS" = 000 ]; then
    printf 'the endpoint %s could not be reached' "${S3_ENDPOINT:-$S3_BASE}"
    return
  fi
  _s3_code=$(printf '%s' "$S3_BODY" | tr '<' '\n' | sed -n 's/^Code>//p' | head -n 1)
  case $_s3_code in
    NoSuchBucket) printf 'the bucket does not exist (HTTP %s NoSuchBucket)' "$S3_STATUS" ;;
    InvalidAccessKeyId | SignatureDoesNotMatch)
      printf 'the credentials were refused (HTTP %s %s): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' "$S3_STATUS" "$_s3_code" ;;
    '') printf 'HTTP %s' "$S3_STATUS" ;;
    *) printf 'HTTP %s %s' "$S3_STATUS" "$_s3_code" ;;
  esac
}

# s3_recipients: the age recipients as "-r KEY" arguments on one line, or one log line and
# non-zero when one is not an age public key. Empty output = encryption is off.
s3_recipients() {
  if [ -n "${BACKUP_ENCRYPT_RECIPIENTS_FILE:-}" ]; then
    if [ ! -r "$BACKUP_ENCRYPT_RECIPIENTS_FILE" ]; then
      s3_log "ERROR: BACKUP_ENCRYPT_RECIPIENTS_FILE=$BACKUP_ENCRYPT_RECIPIENTS_FILE is not a readable file"
      return 1
    fi
    _s3_keys=$(sed 's/#.*//' "$BACKUP_ENCRYPT_RECIPIENTS_FILE")
    _s3_from="BACKUP_ENCRYPT_RECIPIENTS_FILE=$BACKUP_ENCRYPT_RECIPIENTS_FILE"
  else
    _s3_keys=${BACKUP_ENCRYPT_RECIPIENTS:-}
    _s3_from=BACKUP_ENCRYPT_RECIPIENTS
  fi
  _s3_args=''
  for _s3_r in $(printf '%s' "$_s3_keys" | tr ',' ' '); do
    # an age X25519 public key: "age1" and 58 bech32 characters (lower case, no 1 b i o)
    case $_s3_r in
      age1*[!02-9ac-hj-np-z]* | age1) _s3_ok_key='' ;;
      age1*) _s3_ok_key=${#_s3_r} ;;
      *) _s3_ok_key='' ;;
    esac
    if [ "$_s3_ok_key" != 62 ]; then
      s3_log "ERROR: $_s3_from holds '$_s3_r', which is not an age public key (age1 followed by 58 letters and digits, as age-keygen -y prints)"
      return 1
    fi
    _s3_args="$_s3_args -r $_s3_r"
  done
  printf '%s' "${_s3_args# }"
}

# _s3_put FILE KEY SHA256: upload one local file under KEY (SHA256: its payload hash), in
# one PUT or, above BACKUP_S3_MULTIPART_THRESHOLD_MB, in parts (_s3_multipart_upload).
_s3_put() {
  _s3_size=$(stat -c %s "$1") || { s3_log "ERROR: upload to S3: cannot read the size of $1; the local backup is kept"; return 1; }
  if [ "$_s3_size" -gt $((S3_MULTIPART_THRESHOLD_MB * 1048576)) ]; then
    _s3_multipart_upload "$1" "$2" "$_s3_size" || return 1
  else
    _s3_request PUT "$(_s3_url "$2")" "$3" "$1"
    if ! _s3_ok; then
      s3_log "ERROR: upload of ${2##*/} to s3://$S3_BUCKET/$2 failed: $(_s3_problem); the local backup is kept"
      return 1
    fi
  fi
}

# s3_upload FILE: PUT the backup, then (only once it is complete) its FILE.sha256.
# A PUT is atomic in S3: an interrupted one leaves no object under the key; so is a
# multipart upload (above BACKUP_S3_MULTIPART_THRESHOLD_MB): its object appears only when
# CompleteMultipartUpload succeeds, and any failure aborts it, so that its parts do not stay
# stored (and billed). A backup whose checksum object is missing counts as incomplete. The
# local files are untouched.
# With recipients (s3_recipients) the backup is first encrypted with age into a hidden
# file beside it, which is uploaded as NAME.age with NAME.age.sha256, then NAME.sha256
# last: the plain backup never leaves the machine.
s3_upload() {
  _s3_file=$1
  _s3_name=${_s3_file##*/}
  if [ ! -r "$_s3_file" ] || [ ! -r "$_s3_file.sha256" ]; then
    s3_log "ERROR: upload to S3: $_s3_file or its checksum file $_s3_name.sha256 is missing"
    return 1
  fi
  _s3_recipients=$(s3_recipients) || return 1
  _s3_setup || return 1
  # the payload hash SigV4 needs is the backup's own checksum
  if ! _s3_file_sha=$(checksum_in "$_s3_file.sha256"); then
    s3_log "ERROR: upload to S3: $_s3_file.sha256 holds no SHA-256; the local backup is kept"
    return 1
  fi
  _s3_key="$S3_PREFIX$_s3_name"
  if [ -n "$_s3_recipients" ]; then
    _s3_upload_encrypted || return 1
  else
    _s3_put "$_s3_file" "$_s3_key" "$_s3_file_sha" || return 1
  fi
  _s3_put "$_s3_file.sha256" "$_s3_key.sha256" "$(sha256_of "$_s3_file.sha256")" || return 1
  s3_log "uploaded $_s3_name${_s3_recipients:+ encrypted as $_s3_name.age} to s3://$S3_BUCKET/$_s3_key${_s3_recipients:+.age} ($S3_WHERE)"
}

# _s3_upload_encrypted: (for s3_upload) encrypt $_s3_file for $_s3_recipients and PUT the
# result as $_s3_key.age with its checksum object; the hidden encrypted file is removed.
_s3_upload_encrypted() {
  command -v age >/dev/null 2>&1 || { s3_log "ERROR: age is not installed; it encrypts the bucket copies for BACKUP_ENCRYPT_RECIPIENTS"; return 1; }
  _s3_enc="${_s3_file%/*}/.$_s3_name.age.partial"
  [ "$_s3_enc" != "/.$_s3_name.age.partial" ] || _s3_enc=".$_s3_name.age.partial"
  # shellcheck disable=SC2086 # the recipients are "-r KEY" words, checked by s3_recipients
  if ! (umask 077 && age $_s3_recipients -o "$_s3_enc" "$_s3_file"); then
    rm -f "$_s3_enc"
    s3_log "ERROR: encrypting $_s3_name with age failed; the local backup is kept"
    return 1
  fi
  _s3_enc_sha=$(sha256_of "$_s3_enc")
  _s3_enc_sums="$_s3_enc.sha256"
  printf '%s  %s\n' "$_s3_enc_sha" "$_s3_name.age" >"$_s3_enc_sums"
  if ! _s3_put "$_s3_enc" "$_s3_key.age" "$_s3_enc_sha" ||
    ! _s3_put "$_s3_enc_sums" "$_s3_key.age.sha256" "$(sha256_of "$_s3_enc_sums")"; then
    rm -f "$_s3_enc" "$_s3_enc_sums"
    return 1
  fi
  rm -f "$_s3_enc" "$_s3_enc_sums"
}

# _s3_multipart_upload FILE KEY SIZE: CreateMultipartUpload, one UploadPart per
# BACKUP_S3_PART_SIZE_MB (cut with dd into one scratch file at a time, so the extra disk
# use is one part), CompleteMultipartUpload; on any failure or signal, AbortMultipartUpload.
_s3_multipart_upload() {
  _s3_mp_part_mb=$S3_PART_SIZE_MB
  # S3 takes at most 10000 parts: grow the parts for a backup that would need more
  _s3_mp_min_mb=$((($3 + 10000 * 1048576 - 1) / (10000 * 1048576)))
  [ "$_s3_mp_part_mb" -ge "$_s3_mp_min_mb" ] || _s3_mp_part_mb=$_s3_mp_min_mb
  _s3_mp_count=$((($3 + _s3_mp_part_mb * 1048576 - 1) / (_s3_mp_part_mb * 1048576)))
  _s3_request POST "$(_s3_url "$2")?uploads=" "$S3_EMPTY_SHA256"
  S3_UPLOAD_ID=$(printf '%s' "$S3_BODY" | tr '<' '\n' | sed -n 's/^UploadId>//p' | head -n 1)
  if ! _s3_ok || [ -z "$S3_UPLOAD_ID" ]; then
    s3_log "ERROR: upload of $_s3_name to s3://$S3_BUCKET/$2 failed: could not start a multipart upload: $(_s3_problem); the local backup is kept"
    S3_UPLOAD_ID=''
    return 1
  fi
  S3_UPLOAD_URL="$(_s3_url "$2")?uploadId=$(_s3_encode "$S3_UPLOAD_ID")"
  # a signal ends the run, but not before the parts are let go; lib.sh's handlers come back after
  trap '_s3_abort; exit 130' INT
  trap '_s3_abort; exit 143' TERM
  trap '_s3_abort; exit 129' HUP
  _s3_mp_part=$(mktemp "${TMPDIR:-/tmp}/dockstart-s3part.XXXXXX") || _s3_mp_part=''
  _s3_mp_xml=''
  _s3_mp_failed=''
  if [ -z "$_s3_mp_part" ]; then
    _s3_mp_failed="no scratch file for a part in ${TMPDIR:-/tmp}"
  fi
  _s3_mp_n=0
  while [ -z "$_s3_mp_failed" ] && [ "$_s3_mp_n" -lt "$_s3_mp_count" ]; do
    if ! dd if="$1" of="$_s3_mp_part" bs=1048576 skip=$((_s3_mp_n * _s3_mp_part_mb)) count="$_s3_mp_part_mb" 2>/dev/null; then
      _s3_mp_failed="could not cut part $((_s3_mp_n + 1)) (disk full in ${TMPDIR:-/tmp}?)"
      break
    fi
    _s3_mp_n=$((_s3_mp_n + 1))
    _s3_mp_sha=$(sha256_of "$_s3_mp_part")
    # one more try of a part whose request broke off (curl retries only what it deems transient)
    for _s3_mp_try in 1 2; do
      S3_WRITE_OUT='\n%header{etag}'
      _s3_request PUT "$(_s3_url "$2")?partNumber=$_s3_mp_n&uploadId=$(_s3_encode "$S3_UPLOAD_ID")" "$_s3_mp_sha" "$_s3_mp_part"
      S3_WRITE_OUT=''
      _s3_mp_etag=${S3_BODY##*"$NL_S3"}
      if _s3_ok && [ -n "$_s3_mp_etag" ]; then
        break
      fi
      [ "$_s3_mp_try" = 2 ] || s3_log "part $_s3_mp_n of $_s3_name failed ($(_s3_problem)); trying it once more"
    done
    if ! _s3_ok || [ -z "$_s3_mp_etag" ]; then
      _s3_mp_failed="part $_s3_mp_n of $_s3_mp_count: $(_s3_problem)"
      break
    fi
    _s3_mp_xml="$_s3_mp_xml<Part><PartNumber>$_s3_mp_n</PartNumber><ETag>$_s3_mp_etag</ETag></Part>"
  done
  if [ -z "$_s3_mp_failed" ]; then
    printf '<CompleteMultipartUpload>%s</CompleteMultipartUpload>' "$_s3_mp_xml" >"$_s3_mp_part"
    _s3_request POST "$S3_UPLOAD_URL" "$(sha256_of "$_s3_mp_part")" "$_s3_mp_part"
    # a CompleteMultipartUpload can fail after its 200 status line: the body says so
    case $S3_BODY in
      *'<Error>'*) S3_STATUS=500 ;;
    esac
    _s3_ok || _s3_mp_failed="completing the $_s3_mp_count parts: $(_s3_problem)"
  fi
  [ -z "$_s3_mp_part" ] || rm -f "$_s3_mp_part"
  if [ -n "$_s3_mp_failed" ]; then
    _s3_abort
  fi
  S3_UPLOAD_ID=''
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  if [ -n "$_s3_mp_failed" ]; then
    s3_log "ERROR: upload of $_s3_name to s3://$S3_BUCKET/$2 failed: $_s3_mp_failed; the multipart upload was aborted, the local backup is kept"
    return 1
  fi
  s3_log "uploaded $_s3_name in $_s3_mp_count parts of $_s3_mp_part_mb MiB"
}

# _s3_abort: AbortMultipartUpload of the pending upload (S3_UPLOAD_ID), if any.
_s3_abort() {
  [ -n "${S3_UPLOAD_ID:-}" ] || return 0
  _s3_request DELETE "$S3_UPLOAD_URL" "$S3_EMPTY_SHA256"
  if ! _s3_ok; then
    s3_log "ERROR: could not abort the multipart upload $S3_UPLOAD_ID of s3://$S3_BUCKET/$_s3_key ($(_s3_problem)); its parts stay stored until a lifecycle rule removes them, no object is under the key"
  fi
  S3_UPLOAD_ID=''
}

# s3_list [CONTAINER]: the names (without the prefix) of the objects directly under the
# prefix that start with "CONTAINER-", backups and checksums, one per line, sorted.
s3_list() {
  _s3_setup || return 1
  _s3_list_prefix="$S3_PREFIX${1:+$1-}"
  _s3_token_next=''
  _s3_names=''
  while :; do
    # SigV4 signs the query as sorted, percent-encoded name=value pairs: give it so
    _s3_query="list-type=2"
    if [ -n "${BACKUP_S3_LIST_PAGE_SIZE:-}" ]; then
      _s3_query="$_s3_query&max-keys=$BACKUP_S3_LIST_PAGE_SIZE"
    fi
    _s3_query="$_s3_query&prefix=$(_s3_encode "$_s3_list_prefix")"
    if [ -n "$_s3_token_next" ]; then
      _s3_query="continuation-token=$(_s3_encode "$_s3_token_next")&$_s3_query"
    fi
    _s3_request GET "$S3_BASE/?$_s3_query" "$S3_EMPTY_SHA256"
    if ! _s3_ok; then
      s3_log "ERROR: listing s3://$S3_BUCKET/$_s3_list_prefix failed: $(_s3_problem)"
      return 1
    fi
    _s3_page=$(printf '%s' "$S3_BODY" | tr '<' '\n')
    _s3_names="$_s3_names$(printf '%s\n' "$_s3_page" | sed -n 's/^Key>//p')$NL_S3"
    if [ "$(printf '%s\n' "$_s3_page" | sed -n 's/^IsTruncated>//p')" != true ]; then
      break
    fi
    _s3_token_next=$(printf '%s\n' "$_s3_page" | sed -n 's/^NextContinuationToken>//p' |
      sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g')
    [ -n "$_s3_token_next" ] || break
  done
  printf '%s' "$_s3_names" | awk -v prefix="$S3_PREFIX" '
    substr($0, 1, length(prefix)) == prefix {
      name = substr($0, length(prefix) + 1)
      if (name != "" && index(name, "/") == 0) print name
    }' | sort
}

# s3_delete KEY: delete one object (its full key, prefix included).
s3_delete() {
  _s3_setup || return 1
  _s3_request DELETE "$(_s3_url "$1")" "$S3_EMPTY_SHA256"
  if ! _s3_ok; then
    s3_log "ERROR: deleting s3://$S3_BUCKET/$1 failed: $(_s3_problem)"
    return 1
  fi
}

# s3_rotate CONTAINER EXT [DRY_RUN]: the rules of rotate.sh, applied to the bucket, by the
# same selection (expired_backups in retention.sh) fed the bucket's listing: backups whose name
# time is older than BACKUP_RETENTION_DAYS go, but the newest BACKUP_KEEP_MIN good ones
# (with their checksum object) stay, the newest good one always, and those BACKUP_KEEP_DAILY,
# _WEEKLY and _MONTHLY keep; a future-dated one stays
# and protects nothing; an old backup without its checksum always goes. Only names
# CONTAINER-{stamp}.EXT.gz count (EXT: sql, rdb or db).
s3_rotate() {
  _s3_c=$1
  _s3_ext=$2
  _s3_dry=${3:-}
  check_retention_settings || return 1
  _s3_days=$BACKUP_RETENTION_DAYS
  _s3_now=$(date +%s)
  _s3_cutoff=$(date -d "@$((_s3_now - _s3_days * 86400))" +%Y-%m-%dT%H-%M-%S)
  # s3_list runs in a subshell: the settings must be loaded here too
  _s3_setup || return 1
  _s3_all=$(s3_list "$_s3_c") || return 1
  # an encrypted copy NAME.age counts as NAME: complete once NAME.sha256 is there (uploaded last)
  _s3_doomed=$(printf '%s\n' "$_s3_all" | sed -n '/\.age\.sha256$/d; s/\.age$//; p' | sort -u |
    expired_backups "$_s3_c" "$_s3_ext" "$_s3_cutoff" "$(future_stamp "$_s3_now")")
  if [ -z "$_s3_doomed" ]; then
    s3_log "remote rotation of $_s3_c: nothing to delete in s3://$S3_BUCKET/$S3_PREFIX (keeping $(retention_summary))"
    return 0
  fi
  if [ -n "$_s3_dry" ]; then
    printf '%s\n' "$_s3_doomed" | sed "s|^|would delete s3://$S3_BUCKET/$S3_PREFIX|" >&2
    s3_log "remote rotation of $_s3_c (dry run): would delete $(printf '%s\n' "$_s3_doomed" | wc -l | tr -d ' ') backups older than $_s3_cutoff"
    return 0
  fi
  _s3_count=0
  for _s3_old in $_s3_doomed; do
    # the checksum first: an interruption leaves a backup that counts as incomplete
    s3_delete "$S3_PREFIX$_s3_old.sha256" || return 1
    if printf '%s\n' "$_s3_all" | grep -qxF "$_s3_old.age"; then
      s3_delete "$S3_PREFIX$_s3_old.age.sha256" || return 1
      s3_delete "$S3_PREFIX$_s3_old.age" || return 1
      printf '%s\n' "$_s3_all" | grep -qxF "$_s3_old" || { _s3_count=$((_s3_count + 1)); continue; }
    fi
    s3_delete "$S3_PREFIX$_s3_old" || return 1
    _s3_count=$((_s3_count + 1))
  done
  s3_log "remote rotation of $_s3_c: deleted $_s3_count backups older than $_s3_cutoff from s3://$S3_BUCKET/$S3_PREFIX (kept $(retention_summary))"
}
