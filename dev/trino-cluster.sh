#!/usr/bin/env bash
# trino-cluster.sh - run REAL Trino servers on this machine for Junction's tests,
# the quick start and local exploration, plus the real Trino CLI and JDBC driver.
#
# Each instance is a single-node cluster (coordinator + worker in one JVM) with the
# catalogs `tpch` and `memory` (and the built-in `system`), bound to 127.0.0.1, with
# http-server.process-forwarded=true so it accepts the X-Forwarded-* headers Junction
# sends, and with raised HTTP header limits so statements carried in headers
# (X-Trino-Prepared-Statement, X-Trino-Added-Prepare) of hundreds of kB work.
#
# Artifacts come from Maven Central through the project's Maven wrapper (or mvn):
#   io.trino:trino-server-core:<v>:tar.gz   server (core plugins only)
#   io.trino:trino-tpch:<v>:zip             plugin added to the server
#   io.trino:trino-memory:<v>:zip           plugin added to the server
#   io.trino:trino-cli:<v>:jar:executable   CLI
#   io.trino:trino-jdbc:<v>                 JDBC driver
#
# Usage: dev/trino-cluster.sh help          (docs/testing.md describes how tests use it)
set -Eeuo pipefail

PROG=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$SCRIPT_DIR")

# ---------------------------------------------------------------- settings --
TRINO_VERSION="${TRINO_VERSION:-476}"
TRINO_CACHE="${TRINO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/junction-trino}"
TRINO_RUN_DIR="${TRINO_RUN_DIR:-$TRINO_CACHE/instances}"
TRINO_HEAP="${TRINO_HEAP:-1G}"
TRINO_BIND_IP="${TRINO_BIND_IP:-127.0.0.1}"
TRINO_START_TIMEOUT="${TRINO_START_TIMEOUT:-300}"   # seconds
TRINO_STOP_TIMEOUT="${TRINO_STOP_TIMEOUT:-30}"     # seconds before SIGKILL
TRINO_ENVIRONMENT="${TRINO_ENVIRONMENT:-test}"
TRINO_JVM_OPTS="${TRINO_JVM_OPTS:-}"               # extra JVM options, space separated
TRINO_GC="${TRINO_GC:--XX:+UseSerialGC}"           # smallest footprint; Trino prefers -XX:+UseG1GC
TRINO_EXTRA_CONFIG="${TRINO_EXTRA_CONFIG:-}"       # extra lines for config.properties
TRINO_MAX_HEADER_SIZE="${TRINO_MAX_HEADER_SIZE:-2MB}"  # request and response header limit
if [ -z "${TRINO_MVN:-}" ]; then                   # the project's pinned Maven, else mvn
  if [ -x "$PROJECT_DIR/mvnw" ]; then TRINO_MVN="$PROJECT_DIR/mvnw"; else TRINO_MVN=mvn; fi
fi
TRINO_MVN_OPTS="${TRINO_MVN_OPTS:-}"               # e.g. -Dmaven.repo.local=/some/dir
TRINO_MIN_JAVA="${TRINO_MIN_JAVA:-24}"             # Trino 476 needs Java 24+; newer ones 25
TRINO_AOT="${TRINO_AOT:-0}"                        # 1: use/record a JDK AOT cache (faster starts)
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
PROBE_USER="trino-cluster-sh"

DIST_NAME="trino-server-core-$TRINO_VERSION"
DIST_DIR="$TRINO_CACHE/$DIST_NAME"
CLI_JAR="$TRINO_CACHE/trino-cli-$TRINO_VERSION-executable.jar"
JDBC_JAR="$TRINO_CACHE/trino-jdbc-$TRINO_VERSION.jar"

# ----------------------------------------------------------------- helpers --
log()  { printf '%s: %s\n' "$PROG" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$PROG" "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not installed${2:+ ($2)}"; }

usage() {
  cat <<EOF
Usage: $PROG COMMAND [ARGS]

Commands:
  start NAME PORT     start (or reuse) instance NAME on 127.0.0.1:PORT; waits until
                      it runs queries, then prints its URL on stdout
  stop NAME           stop instance NAME (SIGTERM, then SIGKILL after ${TRINO_STOP_TIMEOUT}s)
  kill NAME           SIGKILL instance NAME at once (simulates a crashed coordinator);
                      returns when the process is gone and its port is closed
  pid NAME            print the PID of running instance NAME (exit 1 if not running)
  stop-all            stop every instance started by this script
  status              list instances: name, port, pid, state, RSS, URL
  url NAME            print the URL of instance NAME
  logs NAME [N]       print the last N (default 50) lines of NAME's server log
  cli ARGS...         run the real Trino CLI (java -jar trino-cli-*-executable.jar ARGS);
                      a first argument @NAME is replaced by --server URL-of-NAME
  fetch               download and install everything (server, plugins, CLI, JDBC)
  cli-jar | jdbc-jar  download if needed, then print the jar's path
  java-home           print the JDK used (JAVA_HOME of a Java >= $TRINO_MIN_JAVA)
  clean               stop-all, then delete all instance directories (keeps downloads)
  help                this text

Environment (defaults):
  TRINO_VERSION=$TRINO_VERSION  TRINO_HEAP=$TRINO_HEAP  TRINO_BIND_IP=$TRINO_BIND_IP
  TRINO_CACHE=$TRINO_CACHE
  TRINO_RUN_DIR=$TRINO_RUN_DIR
  TRINO_START_TIMEOUT=$TRINO_START_TIMEOUT  TRINO_STOP_TIMEOUT=$TRINO_STOP_TIMEOUT
  TRINO_JVM_OPTS (extra JVM flags)  TRINO_EXTRA_CONFIG (extra config.properties lines)
  TRINO_GC=$TRINO_GC  TRINO_MAX_HEADER_SIZE=$TRINO_MAX_HEADER_SIZE
  TRINO_MVN=$TRINO_MVN  TRINO_MVN_OPTS (extra Maven flags)
  TRINO_AOT=1   the first instance stopped cleanly records a JDK AOT cache (adds ~20s to
                that stop, ~130 MB on disk); later starts use it and are ~1/3 faster
  JAVA_HOME / TRINO_JAVA_HOME (a JDK >= $TRINO_MIN_JAVA; else /usr/lib/jvm is searched)
EOF
}

valid_name() { [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ ]]; }
valid_port() { [[ "$1" =~ ^[0-9]{1,5}$ ]] && (( 10#$1 >= 1024 && 10#$1 <= 65535 )); }

# Major version of the JDK at $1 (a JAVA_HOME), or empty.
java_major() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  fi
  v=${v#1.}            # 1.8 -> 8
  printf '%s' "${v%%[.+-]*}"
}

# Sets JAVA_HOME_25: a JDK >= TRINO_MIN_JAVA (prefers TRINO_JAVA_HOME, JAVA_HOME,
# then the newest JDK under /usr/lib/jvm, then java on PATH).
JAVA_HOME_25=""
find_java() {
  [ -n "$JAVA_HOME_25" ] && return 0
  local c m best="" bestm=0
  for c in "${TRINO_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    [ -n "$c" ] || continue
    m=$(java_major "$c")
    if [ -n "$m" ] && (( m >= TRINO_MIN_JAVA )); then JAVA_HOME_25=$c; return 0; fi
  done
  for c in /usr/lib/jvm/*/ /opt/java/*/ /opt/*jdk*/; do
    c=${c%/}
    [ -x "$c/bin/java" ] || continue
    m=$(java_major "$c")
    if [ -n "$m" ] && (( m >= TRINO_MIN_JAVA && m > bestm )); then best=$c; bestm=$m; fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    m=$(java_major "$c")
    if [ -n "$m" ] && (( m >= TRINO_MIN_JAVA )); then best=$c; fi
  fi
  [ -n "$best" ] || die "no Java >= $TRINO_MIN_JAVA found (Trino $TRINO_VERSION needs it). Set JAVA_HOME, e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"
  JAVA_HOME_25=$best
}

# AOT cache file for this Trino version and this exact JDK build.
aot_file() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$JAVA_HOME_25/release" 2>/dev/null | head -n1)
  printf '%s/trino-%s-java%s.aot' "$TRINO_CACHE" "$TRINO_VERSION" "${v:-$(java_major "$JAVA_HOME_25")}"
}

# Serialise downloads/installs between concurrent invocations.
with_lock() {
  mkdir -p "$TRINO_CACHE"
  if command -v flock >/dev/null 2>&1; then
    (
      flock -w 1800 9 || die "timed out waiting for lock $TRINO_CACHE/.lock"
      "$@"
    ) 9>"$TRINO_CACHE/.lock"
  else
    "$@"
  fi
}

# mvn_copy GROUP:ARTIFACT:VERSION[:TYPE[:CLASSIFIER]] DESTDIR
mvn_copy() {
  local coords=$1 dest=$2 logf scratch
  need "$TRINO_MVN" "install Maven, or run from a Junction checkout that has ./mvnw"
  find_java
  mkdir -p "$dest" "$TRINO_CACHE/logs"
  logf="$TRINO_CACHE/logs/mvn-$(printf '%s' "$coords" | tr ':/' '__').log"
  # Run from an empty directory so that a pom.xml in the caller's cwd is ignored.
  scratch=$(mktemp -d "$TRINO_CACHE/.mvn.XXXXXX")
  log "downloading $coords with $(basename "$TRINO_MVN") (log: $logf)"
  # shellcheck disable=SC2086
  if ! (cd "$scratch" && JAVA_HOME="$JAVA_HOME_25" "$TRINO_MVN" -B $TRINO_MVN_OPTS "$DEP_PLUGIN:copy" \
          -Dartifact="$coords" -DoutputDirectory="$dest" >"$logf" 2>&1); then
    rm -rf "$scratch"
    grep -E 'ERROR|Could not' "$logf" | head -n 5 >&2 || true
    die "Maven could not fetch $coords (full log: $logf). Check TRINO_VERSION ($TRINO_VERSION; 476 is known to resolve) and that Maven can reach its repository"
  fi
  rm -rf "$scratch"
}

# Extract a zip with whatever is present: unzip, the JDK's jar tool, or python3.
extract_zip() {
  local zip=$1 dest=$2
  mkdir -p "$dest"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$zip" -d "$dest"
  else
    find_java
    if [ -x "$JAVA_HOME_25/bin/jar" ]; then
      (cd "$dest" && "$JAVA_HOME_25/bin/jar" xf "$zip")
    elif command -v python3 >/dev/null 2>&1; then
      python3 -m zipfile -e "$zip" "$dest"
    else
      die "cannot extract $zip: install unzip"
    fi
  fi
}

_install_dist() {
  [ -f "$DIST_DIR/.complete" ] && return 0
  need tar
  local dl="$TRINO_CACHE/downloads" tmp p zip
  rm -rf "$dl"; mkdir -p "$dl"
  mvn_copy "io.trino:trino-server-core:$TRINO_VERSION:tar.gz" "$dl"
  for p in tpch memory; do
    mvn_copy "io.trino:trino-$p:$TRINO_VERSION:zip" "$dl"
  done
  tmp=$(mktemp -d "$TRINO_CACHE/.install.XXXXXX")
  log "unpacking $DIST_NAME"
  tar -xzf "$dl/$DIST_NAME.tar.gz" -C "$tmp"
  [ -x "$tmp/$DIST_NAME/bin/launcher" ] || die "unexpected layout in $DIST_NAME.tar.gz"
  for p in tpch memory; do
    zip="$dl/trino-$p-$TRINO_VERSION.zip"
    if [ ! -d "$tmp/$DIST_NAME/plugin/$p" ]; then
      extract_zip "$zip" "$tmp/plugin-$p"
      mv "$tmp/plugin-$p/trino-$p-$TRINO_VERSION" "$tmp/$DIST_NAME/plugin/$p"
    fi
  done
  touch "$tmp/$DIST_NAME/.complete"
  rm -rf "$DIST_DIR"
  mv "$tmp/$DIST_NAME" "$DIST_DIR"
  rm -rf "$tmp" "$dl"     # the archives stay in the local Maven repository
  log "installed $DIST_DIR ($(du -sh "$DIST_DIR" | cut -f1))"
}
ensure_dist() { [ -f "$DIST_DIR/.complete" ] || with_lock _install_dist; }

_install_jar() { # coords target
  [ -s "$2" ] && return 0
  mvn_copy "$1" "$TRINO_CACHE"
  [ -s "$2" ] || die "mvn did not produce $2"
}
ensure_cli()  { [ -s "$CLI_JAR" ]  || with_lock _install_jar "io.trino:trino-cli:$TRINO_VERSION:jar:executable" "$CLI_JAR"; }
ensure_jdbc() { [ -s "$JDBC_JAR" ] || with_lock _install_jar "io.trino:trino-jdbc:$TRINO_VERSION:jar" "$JDBC_JAR"; }

inst_dir() { printf '%s/%s' "$TRINO_RUN_DIR" "$1"; }

# PID of instance $1 if it is alive AND is the JVM this script started for it.
inst_pid() {
  local d pid
  d=$(inst_dir "$1")
  [ -f "$d/pid" ] || return 1
  pid=$(tr -dc '0-9' <"$d/pid")
  [ -n "$pid" ] || return 1
  is_our_pid "$pid" "$d" || return 1
  printf '%s' "$pid"
}

# True if process $1 is alive and its command line names instance dir $2.
is_our_pid() {
  local pid=$1 d=$2
  [ -r "/proc/$pid/cmdline" ] || return 1
  local cmdline
  cmdline=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  grep -qxF -- "-Dconfig=$d/etc/config.properties" <<<"$cmdline"
}

port_in_use() { # something accepts connections on 127.0.0.1:$1 (or TRINO_BIND_IP)
  (exec 3<>"/dev/tcp/$TRINO_BIND_IP/$1") 2>/dev/null && return 0
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
  fi
  return 1
}

http_get() { # URL -> body on stdout
  if command -v curl >/dev/null 2>&1; then
    curl -sS -m 5 "$@" 2>/dev/null
  else # minimal fallback: bash /dev/tcp, plain HTTP/1.0
    local url=$1 hostport path host port
    hostport=${url#http://}; path=/${hostport#*/}; hostport=${hostport%%/*}
    host=${hostport%:*}; port=${hostport##*:}
    exec 3<>"/dev/tcp/$host/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
    sed '1,/^\r$/d' <&3; exec 3<&-
  fi
}

# Run a tiny tpch scan through the REST protocol; succeeds when the query FINISHED.
# (Not "SELECT 1": that runs on the coordinator alone and succeeds while the node
# scheduler still has no active worker, when real queries fail with
# "No nodes available to run query".)
probe_query() {
  local url=$1 resp next i
  command -v curl >/dev/null 2>&1 || return 0   # no curl: /v1/info readiness only
  resp=$(curl -sS -m 10 -X POST -H "X-Trino-User: $PROBE_USER" \
          -H 'X-Trino-Source: trino-cluster.sh' --data 'SELECT count(*) FROM tpch.tiny.region' "$url/v1/statement" 2>/dev/null) || return 1
  for i in $(seq 1 300); do
    if grep -q '"error"' <<<"$resp"; then return 1; fi
    next=$(grep -o '"nextUri":"[^"]*"' <<<"$resp" | head -n1 | cut -d'"' -f4)
    if [ -z "$next" ]; then
      grep -q '"state":"FINISHED"' <<<"$resp"
      return
    fi
    sleep 0.1
    resp=$(curl -sS -m 10 -H "X-Trino-User: $PROBE_USER" "$next" 2>/dev/null) || return 1
  done
  return 1
}

# True once process $1 has fully exited (gone, or a zombie: sockets closed).
# A SIGKILLed JVM's main thread can turn zombie while its other threads (which still hold
# the sockets) are being torn down, so a zombie only counts once it is the last task left.
pid_gone() {
  local st tasks
  st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 0
  [ -z "$st" ] && return 0
  [ "$st" = Z ] || [ "$st" = X ] || return 1
  tasks=$(find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  (( tasks <= 1 ))
}

# Something listens on port $1 (ss sees listening sockets only; else try to connect).
port_listening() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else
    (exec 3<>"/dev/tcp/$TRINO_BIND_IP/$1") 2>/dev/null
  fi
}

# Wait (up to $2 tenths of a second) until nothing listens on the port of instance dir $1.
wait_port_closed() {
  local d=$1 n=$2 port i
  port=$(cat "$d/port" 2>/dev/null) || return 0
  for ((i = 0; i < n; i++)); do
    port_listening "$port" || return 0
    sleep 0.1
  done
  log "port $port still has a listener: $(ss -Hltnp "sport = :$port" 2>/dev/null | tr -s ' ' || true)"
  return 1
}

# Wait (up to $2 tenths of a second) until pid $1 is no longer our JVM and has exited.
wait_exit() {
  local pid=$1 d=$2 n=$3 i j
  for ((i = 0; i < n; i++)); do
    if ! is_our_pid "$pid" "$d"; then
      # the cmdline empties while the process is exiting; wait for the end (<= 30s)
      for ((j = 0; j < 300; j++)); do pid_gone "$pid" && return 0; sleep 0.1; done
      log "pid $pid is still exiting after 30s"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

kill_pid() { # pid dir label : TERM, wait, KILL; only if the pid is ours
  local pid=$1 d=$2 label=$3
  is_our_pid "$pid" "$d" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_exit "$pid" "$d" $((TRINO_STOP_TIMEOUT * 10)); then
    log "$label (pid $pid) did not exit after ${TRINO_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" "$d" 100 || die "could not stop $label (pid $pid)"
  fi
  wait_port_closed "$d" 100 || die "$label (pid $pid) exited but its port is still open"
}

write_config() { # name port dir
  local name=$1 port=$2 d=$3 o
  rm -rf "${d:?}/etc" "${d:?}/data" "${d:?}/aot-recording" "${d:?}/trino.aot"
  mkdir -p "$d/etc/catalog" "$d/data"
  cat >"$d/etc/node.properties" <<EOF
node.environment=$TRINO_ENVIRONMENT
node.id=$name
node.data-dir=$d/data
node.bind-ip=$TRINO_BIND_IP
node.internal-address=$TRINO_BIND_IP
EOF
  {
    echo "-server"
    echo "-Xmx$TRINO_HEAP"
    echo "$TRINO_GC"
    echo "-XX:ReservedCodeCacheSize=128M"
    echo "-XX:+ExitOnOutOfMemoryError"
    echo "-XX:+EnableDynamicAgentLoading"
    echo "-Djdk.attach.allowAttachSelf=true"
    echo "-Dfile.encoding=UTF-8"
    echo "--enable-native-access=ALL-UNNAMED"
    echo "--sun-misc-unsafe-memory-access=allow"
    if [ "$TRINO_AOT" = 1 ]; then
      local aot; aot=$(aot_file)
      if [ -s "$aot" ]; then
        echo "-XX:AOTCache=$aot"
      else   # training run: the JVM writes the cache when it exits; `stop` moves it
        echo "-XX:AOTCacheOutput=$d/trino.aot"
        echo "$aot" >"$d/aot-recording"
      fi
    fi
    for o in $TRINO_JVM_OPTS; do echo "$o"; done
  } >"$d/etc/jvm.config"
  cat >"$d/etc/config.properties" <<EOF
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$port
discovery.uri=http://$TRINO_BIND_IP:$port
# accept X-Forwarded-* headers from a gateway/proxy in front of this server
http-server.process-forwarded=true
# whole statements travel in headers: X-Trino-Prepared-Statement on requests and
# X-Trino-Added-Prepare on responses; Jetty's default limit is 8kB
http-server.max-request-header-size=$TRINO_MAX_HEADER_SIZE
http-server.max-response-header-size=$TRINO_MAX_HEADER_SIZE
query.max-memory=256MB
query.max-memory-per-node=256MB
http-server.log.max-size=16MB
http-server.log.max-history=2
EOF
  if [ -n "$TRINO_EXTRA_CONFIG" ]; then printf '%s\n' "$TRINO_EXTRA_CONFIG" >>"$d/etc/config.properties"; fi
  echo "connector.name=tpch" >"$d/etc/catalog/tpch.properties"
  printf 'connector.name=memory\nmemory.max-data-per-node=128MB\n' >"$d/etc/catalog/memory.properties"
  echo "io.trino=INFO" >"$d/etc/log.properties"
  echo "$port" >"$d/port"
  echo "http://$TRINO_BIND_IP:$port" >"$d/url"
}

# ---------------------------------------------------------------- commands --
STARTING_PID=""; STARTING_DIR=""
abort_start() {
  trap - INT TERM
  if [ -n "$STARTING_PID" ]; then
    log "aborting start; stopping pid $STARTING_PID"
    kill_pid "$STARTING_PID" "$STARTING_DIR" "instance" || true
    rm -f "$STARTING_DIR/pid"
  fi
  exit 130
}

cmd_start() {
  [ $# -eq 2 ] || die "usage: $PROG start NAME PORT"
  local name=$1 port=$2 d pid oldport url t0 launched i state elapsed
  valid_name "$name" || die "invalid NAME '$name' (letters, digits, _ and -; max 63)"
  valid_port "$port" || die "invalid PORT '$port' (1024-65535)"
  port=$((10#$port))
  d=$(inst_dir "$name")
  url="http://$TRINO_BIND_IP:$port"
  mkdir -p "$TRINO_RUN_DIR"
  if command -v flock >/dev/null 2>&1; then   # one `start NAME` at a time
    mkdir -p "$TRINO_RUN_DIR/.locks"
    exec 8>"$TRINO_RUN_DIR/.locks/$name.lock"
    flock -w "$TRINO_START_TIMEOUT" 8 || die "another '$PROG start $name' is still running"
  fi

  if pid=$(inst_pid "$name"); then
    oldport=$(cat "$d/port" 2>/dev/null || echo "?")
    [ "$oldport" = "$port" ] || die "instance '$name' is already running on port $oldport (pid $pid); stop it first"
    log "instance '$name' already running (pid $pid)"
  else
    rm -f "$d/pid"
    find_java
    ensure_dist
    if port_in_use "$port"; then
      die "port $port on $TRINO_BIND_IP is already in use by another process; choose another PORT"
    fi
    local avail
    avail=$(awk '/^MemAvailable:/{printf "%d", $2/1024}' /proc/meminfo 2>/dev/null || echo "")
    if [ -n "$avail" ] && (( avail < 1200 )); then
      log "warning: only ${avail} MiB of memory available; an instance needs about 1 GiB (TRINO_HEAP=$TRINO_HEAP)"
    fi
    mkdir -p "$d"
    [ -f "$d/server.log" ] && mv -f "$d/server.log" "$d/server.log.prev"
    write_config "$name" "$port" "$d"
    log "starting '$name' (Trino $TRINO_VERSION, heap $TRINO_HEAP, Java $(java_major "$JAVA_HOME_25")) on $url"
    trap abort_start INT TERM
    STARTING_DIR=$d
    (
      exec 8>&- 9>&-   # do not hand our lock fds to the server
      cd "$d"
      export JAVA_HOME="$JAVA_HOME_25" PATH="$JAVA_HOME_25/bin:$PATH"
      if command -v setsid >/dev/null 2>&1; then
        exec setsid "$DIST_DIR/bin/launcher" run --etc-dir="$d/etc" --data-dir="$d/data" </dev/null >"$d/server.log" 2>&1
      else
        exec nohup "$DIST_DIR/bin/launcher" run --etc-dir="$d/etc" --data-dir="$d/data" </dev/null >"$d/server.log" 2>&1
      fi
    ) &
    launched=$!
    # `launcher run` execs the JVM in place, so $! is normally the JVM; if setsid had to
    # fork, the launcher's own pid file has the real one. Either way check the cmdline.
    pid=""
    for ((i = 0; i < 100; i++)); do
      if is_our_pid "$launched" "$d"; then pid=$launched; break; fi
      if [ -f "$d/data/var/run/launcher.pid" ]; then
        local lp; lp=$(tr -dc '0-9' <"$d/data/var/run/launcher.pid")
        if [ -n "$lp" ] && is_our_pid "$lp" "$d"; then pid=$lp; break; fi
      fi
      if ! kill -0 "$launched" 2>/dev/null && [ ! -f "$d/data/var/run/launcher.pid" ]; then break; fi
      sleep 0.1
    done
    if [ -z "$pid" ]; then
      tail -n 30 "$d/server.log" >&2 2>/dev/null || true
      die "instance '$name' failed to launch (log: $d/server.log)"
    fi
    STARTING_PID=$pid
    echo "$pid" >"$d/pid"
  fi

  # Wait until /v1/info says starting=false AND a query runs.
  t0=$SECONDS
  state="starting"
  while :; do
    if ! is_our_pid "$pid" "$d"; then
      rm -f "$d/pid"
      log "instance '$name' exited during startup; last log lines:"
      tail -n 40 "$d/server.log" >&2 2>/dev/null || true
      trap - INT TERM
      die "instance '$name' failed to start (log: $d/server.log)"
    fi
    if [ "$state" = "starting" ] && grep -q '"starting":false' <<<"$(http_get "$url/v1/info" || true)"; then
      state="info-ready"
    fi
    if [ "$state" = "info-ready" ] && probe_query "$url"; then
      break
    fi
    elapsed=$((SECONDS - t0))
    if (( elapsed >= TRINO_START_TIMEOUT )); then
      log "instance '$name' not ready after ${TRINO_START_TIMEOUT}s (state: $state); stopping it. Last log lines:"
      tail -n 40 "$d/server.log" >&2 2>/dev/null || true
      kill_pid "$pid" "$d" "instance '$name'"
      rm -f "$d/pid"
      trap - INT TERM
      die "instance '$name' start timed out (raise TRINO_START_TIMEOUT; log: $d/server.log)"
    fi
    sleep 0.5
  done
  trap - INT TERM
  STARTING_PID=""
  log "instance '$name' ready in $((SECONDS - t0))s (pid $pid, log $d/server.log)"
  echo "$url"
}

cmd_stop() {
  [ $# -eq 1 ] || die "usage: $PROG stop NAME"
  local name=$1 d pid raw
  valid_name "$name" || die "invalid NAME '$name'"
  d=$(inst_dir "$name")
  if [ ! -d "$d" ]; then log "no instance '$name'"; return 0; fi
  if pid=$(inst_pid "$name"); then
    if [ -f "$d/aot-recording" ]; then
      log "stopping '$name' (pid $pid); the JVM is writing its AOT cache, this takes a while"
      TRINO_STOP_TIMEOUT=$(( TRINO_STOP_TIMEOUT > 300 ? TRINO_STOP_TIMEOUT : 300 )) \
        kill_pid "$pid" "$d" "instance '$name'"
    else
      log "stopping '$name' (pid $pid)"
      kill_pid "$pid" "$d" "instance '$name'"
    fi
    log "stopped '$name'"
  else
    raw=""
    [ -f "$d/pid" ] && raw=$(tr -dc '0-9' <"$d/pid")
    if [ -n "$raw" ] && kill -0 "$raw" 2>/dev/null && ! pid_gone "$raw"; then
      log "pid $raw in $d/pid is not this instance's JVM any more; not touching it"
    fi
    log "instance '$name' is not running"
  fi
  rm -f "$d/pid"
  if [ -f "$d/aot-recording" ]; then
    local target; target=$(cat "$d/aot-recording")
    if [ -s "$d/trino.aot" ] && [ ! -e "$target" ]; then
      mv -f "$d/trino.aot" "$target" && log "saved AOT cache $target"
    fi
    rm -f "$d/aot-recording" "$d/trino.aot"
  fi
}

cmd_kill() {
  [ $# -eq 1 ] || die "usage: $PROG kill NAME"
  local name=$1 d pid
  valid_name "$name" || die "invalid NAME '$name'"
  d=$(inst_dir "$name")
  if pid=$(inst_pid "$name"); then
    log "killing '$name' (pid $pid) with SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" "$d" 100 || die "instance '$name' (pid $pid) still runs after SIGKILL"
    wait_port_closed "$d" 100 || die "instance '$name' (pid $pid) was killed but its port is still open"
    log "killed '$name'"
  else
    log "instance '$name' is not running"
  fi
  [ -d "$d" ] && rm -f "$d/pid" "$d/aot-recording" "$d/trino.aot"
  return 0
}

cmd_pid() {
  [ $# -eq 1 ] || die "usage: $PROG pid NAME"
  valid_name "$1" || die "invalid NAME '$1'"
  local pid
  pid=$(inst_pid "$1") || die "instance '$1' is not running"
  echo "$pid"
}

instance_names() {
  [ -d "$TRINO_RUN_DIR" ] || return 0
  local f
  for f in "$TRINO_RUN_DIR"/*/etc/config.properties "$TRINO_RUN_DIR"/*/pid; do
    [ -e "$f" ] || continue
    f=${f#"$TRINO_RUN_DIR"/}; f=${f%%/*}
    valid_name "$f" && echo "$f"
  done | sort -u
}

cmd_stop_all() {
  local n any=0
  for n in $(instance_names); do
    [ -f "$(inst_dir "$n")/pid" ] || continue   # never started, or already stopped
    any=1
    cmd_stop "$n"
  done
  [ $any -eq 1 ] || log "no running instances"
}

cmd_status() {
  local n d pid port url state rss
  printf '%-16s %-6s %-8s %-9s %-9s %s\n' NAME PORT PID STATE RSS_MB URL
  for n in $(instance_names); do
    d=$(inst_dir "$n")
    port=$(cat "$d/port" 2>/dev/null || echo -)
    url=$(cat "$d/url" 2>/dev/null || echo -)
    rss=-
    if pid=$(inst_pid "$n"); then
      if grep -q '"starting":false' <<<"$(http_get "$url/v1/info" || true)"; then state=ready; else state=starting; fi
      rss=$(awk '/^VmRSS:/{printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo -)
    else
      pid=-; state=stopped
    fi
    printf '%-16s %-6s %-8s %-9s %-9s %s\n' "$n" "$port" "$pid" "$state" "$rss" "$url"
  done
}

cmd_url() {
  [ $# -eq 1 ] || die "usage: $PROG url NAME"
  valid_name "$1" || die "invalid NAME '$1'"
  local d; d=$(inst_dir "$1")
  [ -f "$d/url" ] || die "no instance '$1'"
  inst_pid "$1" >/dev/null || log "warning: instance '$1' is not running"
  cat "$d/url"
}

cmd_logs() {
  [ $# -ge 1 ] || die "usage: $PROG logs NAME [LINES]"
  valid_name "$1" || die "invalid NAME '$1'"
  local f; f="$(inst_dir "$1")/server.log"
  [ -f "$f" ] || die "no log for '$1'"
  tail -n "${2:-50}" "$f"
}

cmd_cli() {
  find_java
  ensure_cli
  local args=("$@")
  if [ ${#args[@]} -gt 0 ] && [[ "${args[0]}" == @* ]]; then
    local n=${args[0]#@} u
    u=$(cmd_url "$n") || exit 1
    args=(--server "$u" "${args[@]:1}")
  fi
  local jopts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  # no terminal (scripts, CI): use jline's dumb terminal instead of warning about it
  if [ ! -t 0 ] || [ ! -t 1 ]; then jopts+=(-Dorg.jline.terminal.dumb=true); fi
  exec "$JAVA_HOME_25/bin/java" "${jopts[@]}" -jar "$CLI_JAR" "${args[@]}"
}

cmd_fetch() {
  find_java
  ensure_dist
  ensure_cli
  ensure_jdbc
  log "server: $DIST_DIR"
  log "cli:    $CLI_JAR"
  log "jdbc:   $JDBC_JAR"
  log "java:   $JAVA_HOME_25"
}

cmd_clean() {
  cmd_stop_all
  local n
  for n in $(instance_names); do
    inst_pid "$n" >/dev/null && die "instance '$n' still running"
    rm -rf "$(inst_dir "$n")"
  done
  rm -rf "$TRINO_RUN_DIR/.locks"
  rmdir "$TRINO_RUN_DIR" 2>/dev/null || true
  log "removed instance directories under $TRINO_RUN_DIR (downloads kept in $TRINO_CACHE)"
}

main() {
  local cmd=${1:-help}
  [ $# -gt 0 ] && shift
  case "$cmd" in
    start)     cmd_start "$@" ;;
    stop)      cmd_stop "$@" ;;
    kill)      cmd_kill "$@" ;;
    pid)       cmd_pid "$@" ;;
    stop-all)  cmd_stop_all ;;
    status)    cmd_status ;;
    url)       cmd_url "$@" ;;
    logs)      cmd_logs "$@" ;;
    cli)       cmd_cli "$@" ;;
    fetch)     cmd_fetch ;;
    cli-jar)   find_java; ensure_cli; echo "$CLI_JAR" ;;
    jdbc-jar)  find_java; ensure_jdbc; echo "$JDBC_JAR" ;;
    java-home) find_java; echo "$JAVA_HOME_25" ;;
    clean)     cmd_clean ;;
    help|-h|--help) usage ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
