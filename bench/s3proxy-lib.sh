# shellcheck shell=bash
# Sourced by the bucket benchmarks (bash): S3Proxy on a free loopback port, filesystem backend
# under WORK/data, bucket "bench", key BENCHKEY / bench/secret. Sets PORT and S3PROXY_PID; the
# caller traps EXIT with stop_s3proxy_and_clean, which also removes its WORK. S3Proxy holds a signed body in memory to check its hash,
# hence its larger heap here.
#   start_s3proxy WORK JAR
start_s3proxy() {
  local work=$1 jar=$2
  [ -f "$jar" ] || { echo "no S3Proxy jar at $jar: run a core test first" >&2; exit 1; }
  mkdir -p "$work/data/bench"
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$work/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=BENCHKEY
s3proxy.credential=bench/secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/data
EOF
  java -Xmx768m -jar "$jar" --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
  # shellcheck disable=SC2034 # read by the caller
  S3PROXY_PID=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0; sleep 0.2; done
  echo "S3Proxy did not start: $(tail -n 5 "$work/s3proxy.log")" >&2
  exit 1
}

S3PROXY_PID=''

# stop_s3proxy_and_clean: for trap EXIT; stops S3Proxy and removes the caller's $WORK
stop_s3proxy_and_clean() {
  [ -z "$S3PROXY_PID" ] || kill "$S3PROXY_PID" 2>/dev/null || true
  # shellcheck disable=SC2153 # the caller's scratch directory
  rm -rf "$WORK"
}
