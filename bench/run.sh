#!/usr/bin/env bash
# bench/run.sh - Junction's benchmark, one command: direct vs nginx vs Junction on loopback.
#
#   bench/run.sh                 full run (about 11 minutes), regenerates docs/performance.md
#   bench/run.sh --quick         about 2.5 minutes: short runs, a short soak
#   bench/run.sh --trino         real Trino: N concurrent TPC-H queries with the trino CLI,
#                                through Junction vs direct (needs dev/trino-cluster.sh)
#   bench/run.sh --help          every option
#
# It builds what it needs (test classes for bench/, the Junction jar), installs nginx from
# Debian if missing, starts the fake Trino backend, nginx and Junction on 127.0.0.1, runs the
# load generator against each target in turn, writes bench/results/<timestamp>/ and rewrites
# docs/performance.md. Every process it starts is stopped on exit, whatever happens.
set -Eeuo pipefail

PROG=bench/run.sh
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"

ORIGINAL_ARGS="$*"
QUICK=0
DURATION=""
WARMUP=""
SOAK=""
RATE=2000
MODES=""
TARGETS="direct,nginx,junction"
TRINO=0
TRINO_CLIENTS=4
TRINO_ROUNDS=2
REPORT=1
JFR=0
JUNCTION_HEAP=512m
JUNCTION_PROPERTIES=()
ROUNDS=""

usage() {
  cat <<EOF
Usage: $PROG [options]

  --quick              short runs (2 s each, 10 s soak): about 2.5 minutes
  --duration D         measured time of each run (default 6s; --quick 2s)
  --warmup D           warm-up before each run (default 5s; --quick 3s: the JIT needs it)
  --soak D             length of the soak run (default 120s; --quick 10s)
  --rate N             arrivals per second of the open-model poll run (default $RATE)
  --modes LIST         subset of submit,poll,poll-open,stream,concurrency-1k,concurrency-10k,soak
  --targets LIST       subset of direct,nginx,junction (default: all three)
  --rounds N           rounds of the submit/poll/poll-open/stream runs, targets alternating (default 2; --quick 1)
  --junction-heap SIZE Junction's -Xmx (default $JUNCTION_HEAP: the 10k-query heap target)
  --junction-property K=V  an extra line for Junction's config.properties (repeatable), to compare settings
  --jfr                record a JFR profile of Junction for the whole run (in the results)
  --no-report          leave docs/performance.md alone
  --trino              real-Trino run instead: concurrent TPC-H queries with the trino CLI
  --trino-clients N    concurrent CLI processes for --trino (default $TRINO_CLIENTS)
  --trino-rounds N     rounds per target for --trino, alternating (default $TRINO_ROUNDS)

Results: bench/results/<timestamp>/ (JSON and .hgrm per run, logs, configs).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --soak) SOAK=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --junction-heap) JUNCTION_HEAP=$2; shift 2 ;;
    --junction-property) JUNCTION_PROPERTIES+=("$2"); shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --no-report) REPORT=0; shift ;;
    --trino) TRINO=1; shift ;;
    --trino-clients) TRINO_CLIENTS=$2; shift 2 ;;
    --trino-rounds) TRINO_ROUNDS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$PROG: unknown option $1" >&2; usage >&2; exit 64 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  DURATION=${DURATION:-2s}; WARMUP=${WARMUP:-3s}; SOAK=${SOAK:-10s}; ROUNDS=${ROUNDS:-1}
  MODES=${MODES:-submit,poll,poll-open,stream,concurrency-10k,soak}
else
  DURATION=${DURATION:-6s}; WARMUP=${WARMUP:-5s}; SOAK=${SOAK:-120s}; ROUNDS=${ROUNDS:-2}
  MODES=${MODES:-submit,poll,poll-open,stream,concurrency-1k,concurrency-10k,soak}
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$ROOT/bench/results/$STAMP"
LOGS="$RESULTS/logs"
WORK=$(mktemp -d /tmp/junction-bench.XXXXXX)
mkdir -p "$LOGS"

log() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "$PROG" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------- processes --
PIDS=()
TRINO_STARTED=""
cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$TRINO_STARTED" ]; then
    dev/trino-cluster.sh stop "$TRINO_STARTED" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port BASE: the first port from BASE up that nothing listens on (below the ephemeral range)
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# wait_http URL SECONDS [STATUS]: until URL answers (with STATUS), or fail
wait_http() {
  local url=$1 deadline=$((SECONDS + $2)) want=${3:-200} got
  while [ "$SECONDS" -lt "$deadline" ]; do
    got=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true)
    [ "$got" = "$want" ] && return 0
    sleep 0.1
  done
  return 1
}

# --------------------------------------------------------------- builds --
build() {
  log "building test classes and the Junction jar (logs in $LOGS)"
  if ./mvnw -q -B -DskipTests test-compile >"$LOGS/build-test-classes.log" 2>&1; then
    BENCH_CLASSES=target/test-classes
  else
    # bench/ needs nothing from src/test: compile it alone when other test code does not build
    log "test-compile failed (see $LOGS/build-test-classes.log); compiling bench/ on its own"
    BENCH_CLASSES=target/bench-classes
  fi
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" \
      >"$LOGS/build-classpath.log" 2>&1 || die "dependency:build-classpath failed (see $LOGS/build-classpath.log)"
  if [ "$BENCH_CLASSES" = target/bench-classes ]; then
    rm -rf target/bench-classes
    "$JAVA_HOME/bin/javac" -d target/bench-classes -cp "$(cat "$WORK/classpath")" \
        $(find bench/src/main/java -name '*.java') >"$LOGS/build-bench.log" 2>&1 \
        || die "compiling bench/ failed (see $LOGS/build-bench.log)"
  fi
  # HTTP/2 client for the 10k run (not on the test classpath): fetched with Maven, optional
  mkdir -p target/bench-lib
  for artifact in jetty-http2-client jetty-http2-client-transport; do
    ./mvnw -q -B dependency:copy -Dartifact="org.eclipse.jetty.http2:$artifact:12.1.14" -DoutputDirectory=target/bench-lib \
        >>"$LOGS/build-h2-client.log" 2>&1 || log "could not fetch $artifact: the 10k run will use HTTP/1.1"
  done
  BENCH_CP="$BENCH_CLASSES:$(ls target/bench-lib/*.jar 2>/dev/null | tr '\n' ':')$(cat "$WORK/classpath")"
  if [[ ",$TARGETS," == *",junction,"* ]] || [ "$TRINO" = 1 ]; then
    if ! ./mvnw -q -B -DskipTests package >"$LOGS/build-jar.log" 2>&1; then
      log "package failed (see $LOGS/build-jar.log); retrying without test code"
      ./mvnw -q -B -Dmaven.test.skip=true package >>"$LOGS/build-jar.log" 2>&1 || die "building the Junction jar failed"
    fi
    [ -f target/junction-0.1.0-SNAPSHOT.jar ] || die "target/junction-0.1.0-SNAPSHOT.jar is missing after the build"
  fi
}

# runs a bench class; exec, so that a background start leaves the JVM's own pid in $!
bench_java() {
  exec "$JAVA" -XX:+UseSerialGC -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -cp "$BENCH_CP" "$@"
}

# ----------------------------------------------------------------- parts --
start_backend() {
  bench_java -Xmx2g io.junction.bench.FakeTrinoBackend --port 0 --port-file "$WORK/backend.port" \
      >"$LOGS/backend.log" 2>&1 &
  BACKEND_PID=$!
  PIDS+=("$BACKEND_PID")
  for _ in $(seq 150); do [ -s "$WORK/backend.port" ] && break; sleep 0.1; done
  [ -s "$WORK/backend.port" ] || die "the fake backend did not start (see $LOGS/backend.log)"
  BACKEND_PORT=$(cat "$WORK/backend.port")
  wait_http "http://127.0.0.1:$BACKEND_PORT/v1/info" 20 || die "the fake backend does not answer"
  log "fake Trino backend on 127.0.0.1:$BACKEND_PORT (pid $BACKEND_PID)"
}

ensure_nginx() {
  if ! command -v nginx >/dev/null 2>&1; then
    log "installing nginx from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >"$LOGS/apt.log" 2>&1 || die "apt-get update failed (see $LOGS/apt.log)"
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq nginx-light >>"$LOGS/apt.log" 2>&1 \
      || apt-get -o DPkg::Lock::Timeout=600 install -y -qq nginx >>"$LOGS/apt.log" 2>&1 || die "installing nginx failed (see $LOGS/apt.log)"
  fi
}

# nginx as a plain reverse proxy of the same backend: two workers (one per core), a keep-alive
# upstream pool, no buffering (it streams, as Junction must), forwarded headers describing itself
# so the backend's nextUri points back at nginx; HTTP/1.1 on one port, h2c (prior knowledge) on
# another for the 10k run. Access log off (Junction keeps none either).
start_nginx() {
  ensure_nginx
  NGINX_PORT=$(free_port 27180)
  NGINX_H2C_PORT=$(free_port $((NGINX_PORT + 1)))
  local dir="$WORK/nginx"
  mkdir -p "$dir/tmp" "$dir/logs"
  chmod 777 "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events {
    worker_connections 16384;
}
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    http2_max_concurrent_streams 1024;
    upstream trino {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 1024;
        keepalive_requests 1000000;
        keepalive_timeout 300s;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport backlog=4096;
        listen 127.0.0.1:$NGINX_H2C_PORT http2 reuseport backlog=4096;
        location / {
            proxy_pass http://trino;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host:\$server_port;
            proxy_set_header X-Forwarded-Port \$server_port;
            proxy_buffering off;
            proxy_buffer_size 64k;
            proxy_buffers 4 64k;
            proxy_busy_buffers_size 64k;
            proxy_request_buffering off;
            proxy_read_timeout 300s;
        }
    }
}
EOF
  cp "$dir/nginx.conf" "$RESULTS/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g 'daemon off;' >"$LOGS/nginx.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  wait_http "http://127.0.0.1:$NGINX_PORT/v1/info" 20 || { cat "$dir/logs/error.log" >&2 || true; die "nginx does not answer"; }
  NGINX_VERSION=$(nginx -v 2>&1 | sed 's/^nginx version: //')
  log "nginx ($NGINX_VERSION) on 127.0.0.1:$NGINX_PORT, h2c on $NGINX_H2C_PORT (pid $NGINX_PID)"
}

# start_junction CLUSTER_URI: Junction with one cluster, started by its own launcher
start_junction() {
  local cluster=$1 etc="$WORK/junction-etc"
  JUNCTION_PORT=$(free_port 27280)
  mkdir -p "$etc"
  cat >"$etc/clusters.yaml" <<EOF
clusters:
  - name: bench
    uri: $cluster
    routing-group: adhoc
EOF
  cat >"$etc/config.properties" <<EOF
http-server.http.port=$JUNCTION_PORT
http-server.http.host=127.0.0.1
http-server.http2.enabled=true
routing.default-group=adhoc
clusters.seed-file=$etc/clusters.yaml
proxy.route-token.secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
admin.http.port=0
EOF
  local property
  for property in "${JUNCTION_PROPERTIES[@]}"; do echo "$property" >>"$etc/config.properties"; done
  echo "io.junction=WARN" >"$etc/log.properties"
  {
    echo "-Xmx$JUNCTION_HEAP"
    echo "-XX:+UseG1GC"
    echo "-XX:+ExitOnOutOfMemoryError"
    echo "-Xlog:gc:file=$LOGS/junction-gc.log"
    if [ "$JFR" = 1 ]; then
      echo "-XX:StartFlightRecording=filename=$RESULTS/junction.jfr,settings=profile,dumponexit=true"
    fi
  } >"$etc/jvm.config"
  cp -r "$etc" "$RESULTS/junction-etc"
  sed -i 's/^proxy.route-token.secret=.*/proxy.route-token.secret=<random per run>/' "$RESULTS/junction-etc/config.properties"
  local started=$(date +%s%N)
  bin/junction run --etc-dir "$etc" >"$LOGS/junction.log" 2>&1 &
  JUNCTION_PID=$!
  PIDS+=("$JUNCTION_PID")
  wait_http "http://127.0.0.1:$JUNCTION_PORT/health/ready" 60 \
    || { tail -20 "$LOGS/junction.log" >&2; die "Junction is not ready after 60 s"; }
  JUNCTION_READY_MS=$((($(date +%s%N) - started) / 1000000))
  log "Junction on 127.0.0.1:$JUNCTION_PORT (pid $JUNCTION_PID), ready ${JUNCTION_READY_MS} ms after launch"
}

machine_info() {
  {
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command=$PROG${ORIGINAL_ARGS:+ $ORIGINAL_ARGS}"
    echo "nproc=$(nproc)"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "kernel=$(uname -r)"
    echo "jdk=$("$JAVA" -version 2>&1 | head -n 1)"
    echo "nginx=${NGINX_VERSION:-not used}"
    echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "git=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src/)')"
    echo "duration=$DURATION"
    echo "warmup=$WARMUP"
    echo "rounds=$ROUNDS"
    echo "soak=$SOAK"
    echo "rate=$RATE"
    echo "junction.heap=$JUNCTION_HEAP"
    echo "junction.ready.ms=${JUNCTION_READY_MS:-}"
    echo "fd.limit=$(ulimit -n)"
  } >"$RESULTS/machine.properties"
}

# ------------------------------------------------------------ real Trino --
run_trino() {
  local script=dev/trino-cluster.sh
  if [ ! -x "$script" ]; then
    log "skipping the real-Trino run: $script is not there yet"
    exit 0
  fi
  build
  local port url cli
  port=$(free_port 27380)
  log "starting a real Trino on 127.0.0.1:$port with $script (20-60 s)"
  TRINO_STARTED=bench-trino
  url=$("$script" start bench-trino "$port" 2>"$LOGS/trino-start.log") || { tail -20 "$LOGS/trino-start.log" >&2; die "Trino did not start"; }
  cli=$("$script" cli-jar 2>>"$LOGS/trino-start.log")
  start_junction "$url"
  machine_info
  bench_java -Xmx512m io.junction.bench.TrinoCliRun --cli-jar "$cli" --java "$JAVA" \
      --direct "$url" --junction "http://127.0.0.1:$JUNCTION_PORT" \
      --clients "$TRINO_CLIENTS" --rounds "$TRINO_ROUNDS" --out "$RESULTS" | tee "$LOGS/trino-run.log"
  if [ "$REPORT" = 1 ]; then
    (bench_java io.junction.bench.BenchReport --results "$RESULTS" --doc docs/performance.md --section trino)
    log "docs/performance.md: real-Trino section updated"
  fi
}

# ----------------------------------------------------------------- main --
if [ "$TRINO" = 1 ]; then
  run_trino
  exit 0
fi

build
start_backend
TARGET_LIST="" H2C_LIST="" WATCH="backend=$BACKEND_PID:jvm"
if [[ ",$TARGETS," == *",direct,"* ]]; then
  TARGET_LIST+="direct=http://127.0.0.1:$BACKEND_PORT,"
  H2C_LIST+="direct=http://127.0.0.1:$BACKEND_PORT,"
fi
if [[ ",$TARGETS," == *",nginx,"* ]]; then
  start_nginx
  TARGET_LIST+="nginx=http://127.0.0.1:$NGINX_PORT,"
  H2C_LIST+="nginx=http://127.0.0.1:$NGINX_H2C_PORT,"
  WATCH+=",nginx=$NGINX_PID"
fi
if [[ ",$TARGETS," == *",junction,"* ]]; then
  start_junction "http://127.0.0.1:$BACKEND_PORT"
  TARGET_LIST+="junction=http://127.0.0.1:$JUNCTION_PORT,"
  H2C_LIST+="junction=http://127.0.0.1:$JUNCTION_PORT,"
  WATCH+=",junction=$JUNCTION_PID:jvm"
fi
SOAK_TARGET=junction
[[ ",$TARGETS," == *",junction,"* ]] || SOAK_TARGET=nginx
machine_info

log "measuring: modes $MODES; targets ${TARGET_LIST%,}; $DURATION per run after $WARMUP warm-up; results in $RESULTS"
bench_java -Xmx2g io.junction.bench.LoadGenerator \
    --targets "${TARGET_LIST%,}" --h2c-targets "${H2C_LIST%,}" --watch "$WATCH" \
    --modes "$MODES" --duration "$DURATION" --warmup "$WARMUP" --rounds "$ROUNDS" --rate "$RATE" \
    --soak "$SOAK" --soak-rate "$RATE" --soak-targets "$SOAK_TARGET" --out "$RESULTS" | tee "$LOGS/loadgen.log"
curl -s -m 10 "http://127.0.0.1:$BACKEND_PORT/bench/stats" >"$RESULTS/backend-stats.json" || true

if [ "$JFR" = 1 ] && [ -n "${JUNCTION_PID:-}" ]; then
  "$JAVA_HOME/bin/jcmd" "$JUNCTION_PID" JFR.dump filename="$RESULTS/junction.jfr" >/dev/null 2>&1 || true
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$RESULTS/junction.jfr" >"$RESULTS/junction-hot-methods.txt" 2>&1 || true
fi
if [ "$REPORT" = 1 ]; then
  (bench_java io.junction.bench.BenchReport --results "$RESULTS" --doc docs/performance.md --section main)
  log "docs/performance.md regenerated from $RESULTS"
fi
log "done"
