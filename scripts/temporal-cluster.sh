#!/usr/bin/env bash
# A production-shaped Temporal cluster on this machine: two server nodes (each running the
# frontend, history, matching and worker services) sharing one PostgreSQL, behind a TCP load
# balancer (HAProxy). The platform uses it by configuration only: TEMPORAL_ADDRESS=<address>.
#
#   bash scripts/temporal-cluster.sh start            build if needed, start everything, print the address (last line of stdout)
#   bash scripts/temporal-cluster.sh status           what is up (exit code 0 when everything is, 3 otherwise)
#   bash scripts/temporal-cluster.sh stop             stop the balancer, both nodes and the cluster's PostgreSQL
#   bash scripts/temporal-cluster.sh stop-node 1|2 [--kill]   stop one node (SIGTERM; --kill: SIGKILL, as a crash)
#   bash scripts/temporal-cluster.sh start-node 1|2   start one node again
#
# Environment: TEMPORAL_CLUSTER_DIR (data, logs, pid files; default .data/temporal-cluster),
# TEMPORAL_CLUSTER_PORT (balancer, default 7243), TEMPORAL_CLUSTER_BASE_PORT (node 1's ports are
# base+33.., node 2's base+133..; default 7300), TEMPORAL_CLUSTER_PGPORT (default 54330),
# TEMPORAL_CLUSTER_PGDATA (the cluster's PostgreSQL data, default /tmp/aftersales-temporal-pg-<port>),
# TEMPORAL_CLUSTER_NAMESPACE (default "default"), TEMPORAL_CLUSTER_RETENTION_DAYS (default 1),
# TEMPORAL_CLUSTER_LOG_LEVEL (server log level, default info), TEMPORAL_CLUSTER_BALANCER (haproxy,
# the default, or node: platform/cluster/tcpBalancer.ts, also used when HAProxy cannot be
# installed). See docs/CLUSTER.md.
# Progress goes to stderr; only the address goes to stdout.
set -euo pipefail

TEMPORAL_SERVER_VERSION=v1.29.1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
server_bin="$bin/temporal-server"
sql_bin="$bin/temporal-sql-tool"
stamp="$bin/temporal-server.version"
templates="$root/platform/cluster"

dir="${TEMPORAL_CLUSTER_DIR:-$root/.data/temporal-cluster}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
lb_port="${TEMPORAL_CLUSTER_PORT:-7243}"
base_port="${TEMPORAL_CLUSTER_BASE_PORT:-7300}"
pg_port="${TEMPORAL_CLUSTER_PGPORT:-54330}"
namespace="${TEMPORAL_CLUSTER_NAMESPACE:-default}"
retention_days="${TEMPORAL_CLUSTER_RETENTION_DAYS:-1}"
log_level="${TEMPORAL_CLUSTER_LOG_LEVEL:-info}"
num_history_shards=4
pg_user=temporal
pg_password=temporal
address="127.0.0.1:$lb_port"

say() { echo "[temporal-cluster] $*" >&2; }
die() { say "error: $*"; exit 1; }

go_cmd() {
  if command -v go >/dev/null; then go "$@"
  elif [ -x /usr/local/go/bin/go ]; then /usr/local/go/bin/go "$@"
  else die "Go is needed to build the Temporal server (Go >= 1.24)"; fi
}

# --- processes and pid files -------------------------------------------------------------------

# running <pid file> <program>: the pid file names a live process running <program>.
running() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [ -n "$2" ] && [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$2"
}

pid_of() { cat "$1" 2>/dev/null || true; }

# stop_process <pid file> <program> <name> [signal]: stops it, waits up to 30 s, then SIGKILL.
stop_process() {
  local pidfile="$1" program="$2" name="$3" signal="${4:-TERM}" pid
  if ! running "$pidfile" "$program"; then
    rm -f "$pidfile"
    return 0
  fi
  pid="$(pid_of "$pidfile")"
  say "stopping $name (pid $pid, SIG$signal)"
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    [ -d "/proc/$pid" ] || break
    # a zombie (exited, not yet reaped) counts as stopped
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
    say "$name did not stop within 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# --- 1. the server and its schema tool ---------------------------------------------------------

build() {
  if [ -x "$server_bin" ] && [ -x "$sql_bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$TEMPORAL_SERVER_VERSION" ]; then
    return 0
  fi
  mkdir -p "$bin"
  local stage total_start
  stage="$(mktemp -d "$bin/.temporal-build.XXXXXX")"
  total_start=$(date +%s)
  say "building the Temporal server $TEMPORAL_SERVER_VERSION from its Go module (several minutes the first time)"
  build_one "$stage" go.temporal.io/server/cmd/server server "$server_bin"
  build_one "$stage" go.temporal.io/server/cmd/tools/sql sql "$sql_bin"
  rm -rf "$stage"
  echo "$TEMPORAL_SERVER_VERSION" >"$stamp"
  say "Temporal server $TEMPORAL_SERVER_VERSION built in $(( $(date +%s) - total_start ))s"
}

# build_one <stage dir> <package> <binary go install makes> <destination>
build_one() {
  local stage="$1" pkg="$2" produced="$3" dest="$4" start ticker rc=0
  start=$(date +%s)
  say "  building $(basename "$dest") ($pkg@$TEMPORAL_SERVER_VERSION)..."
  ( while sleep 30; do say "  ... still building $(basename "$dest") ($(( $(date +%s) - start ))s)"; done ) &
  ticker=$!
  GOBIN="$stage" GOFLAGS=-buildvcs=false go_cmd install "$pkg@$TEMPORAL_SERVER_VERSION" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  if [ "$rc" != 0 ] || [ ! -x "$stage/$produced" ]; then
    rm -rf "$stage"
    die "go install $pkg@$TEMPORAL_SERVER_VERSION failed"
  fi
  mv -f "$stage/$produced" "$dest"
  say "  $(basename "$dest") built in $(( $(date +%s) - start ))s"
}

# The module's own copy of the SQL schemas (the Go module cache), fetched again if it was cleaned.
schema_root() {
  local modcache mod
  modcache="$(go_cmd env GOMODCACHE)"
  mod="$modcache/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  if [ ! -d "$mod/schema/postgresql/v12" ]; then
    say "fetching go.temporal.io/server@$TEMPORAL_SERVER_VERSION into the Go module cache (for its SQL schemas)"
    (cd / && go_cmd mod download "go.temporal.io/server@$TEMPORAL_SERVER_VERSION") >&2
  fi
  echo "$mod/schema/postgresql/v12"
}

# --- 2. PostgreSQL ------------------------------------------------------------------------------

# PostgreSQL runs as the postgres user when this script runs as root, and that user may not reach
# into a private checkout: its data lives outside the repository, like scripts/local-postgres.sh's.
pg_datadir="${TEMPORAL_CLUSTER_PGDATA:-/tmp/aftersales-temporal-pg-$pg_port}"

pg_running() {
  [ -f "$pg_datadir/postmaster.pid" ] && psql_admin -c 'select 1' >/dev/null 2>&1
}

psql_admin() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

sql_tool() {
  "$sql_bin" --plugin postgres12 --ep 127.0.0.1 -p "$pg_port" -u "$pg_user" --pw "$pg_password" "$@" >>"$dir/schema.log" 2>&1 \
    || { tail -n 20 "$dir/schema.log" >&2; die "temporal-sql-tool $* failed (log: $dir/schema.log)"; }
}

start_postgres() {
  if pg_running; then
    say "PostgreSQL already up on 127.0.0.1:$pg_port"
  else
    say "starting PostgreSQL on 127.0.0.1:$pg_port (data: $pg_datadir)"
    PGPORT_TEST="$pg_port" PGDATA_TEST="$pg_datadir" bash "$root/scripts/local-postgres.sh" start >/dev/null
  fi
  psql_admin -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_user') THEN
        CREATE ROLE $pg_user LOGIN CREATEDB PASSWORD '$pg_password';
      END IF;
    END \$\$;"
  local schemas db kind current
  schemas="$(schema_root)"
  for db in temporal temporal_visibility; do
    kind=temporal; [ "$db" = temporal_visibility ] && kind=visibility
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      say "creating database $db"
      sql_tool --db "$db" create-database
    fi
    sql_tool --db "$db" setup-schema -v 0.0
    sql_tool --db "$db" update-schema -d "$schemas/$kind/versioned"
    current="$(psql -X -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -tAc "SELECT curr_version FROM schema_version WHERE db_name = '$db'")"
    say "database $db: schema $current"
  done
}

# --- 3. the server nodes ------------------------------------------------------------------------

# Ports of node N: gRPC frontend/history/matching/worker base+33/34/35/39, frontend HTTP base+43,
# membership base+53/54/55/59, metrics base+90, where base = TEMPORAL_CLUSTER_BASE_PORT + (N-1)*100.
node_base() { echo $(( base_port + ($1 - 1) * 100 )); }
frontend_port() { echo $(( $(node_base "$1") + 33 )); }
frontend_http_port() { echo $(( $(node_base "$1") + 43 )); }

check_node_arg() { [ "${1:-}" = 1 ] || [ "${1:-}" = 2 ] || die "node must be 1 or 2"; }

render_node_config() {
  local n="$1" b
  b="$(node_base "$n")"
  mkdir -p "$dir/node$n/config"
  sed -e "s|@LOG_LEVEL@|$log_level|g" \
      -e "s|@NUM_HISTORY_SHARDS@|$num_history_shards|g" \
      -e "s|@PG_PORT@|$pg_port|g" \
      -e "s|@PG_USER@|$pg_user|g" \
      -e "s|@PG_PASSWORD@|$pg_password|g" \
      -e "s|@METRICS_PORT@|$((b + 90))|g" \
      -e "s|@FRONTEND_PORT@|$((b + 33))|g" \
      -e "s|@HISTORY_PORT@|$((b + 34))|g" \
      -e "s|@MATCHING_PORT@|$((b + 35))|g" \
      -e "s|@WORKER_PORT@|$((b + 39))|g" \
      -e "s|@FRONTEND_HTTP_PORT@|$((b + 43))|g" \
      -e "s|@FRONTEND_MEMBERSHIP_PORT@|$((b + 53))|g" \
      -e "s|@HISTORY_MEMBERSHIP_PORT@|$((b + 54))|g" \
      -e "s|@MATCHING_MEMBERSHIP_PORT@|$((b + 55))|g" \
      -e "s|@WORKER_MEMBERSHIP_PORT@|$((b + 59))|g" \
      -e "s|@LB_PORT@|$lb_port|g" \
      -e "s|@DYNAMIC_CONFIG@|$templates/dynamicconfig.yaml|g" \
      "$templates/temporal-node.yaml.tmpl" >"$dir/node$n/config/cluster.yaml"
  if grep -q '@[A-Z_]*@' "$dir/node$n/config/cluster.yaml"; then die "unfilled placeholder in $dir/node$n/config/cluster.yaml"; fi
}

node_ready() { curl -sf -m 2 -o /dev/null "http://127.0.0.1:$(frontend_http_port "$1")/api/v1/cluster-info"; }

start_node() {
  local n="$1" pidfile="$dir/node$1.pid" log="$dir/node$1/temporal.log" pid
  render_node_config "$n"
  local started=1
  if running "$pidfile" "$server_bin"; then
    started=0
  else
    say "starting node $n (frontend 127.0.0.1:$(frontend_port "$n"), log: $log)"
    echo "--- $(date -Is) start" >>"$log"
    # Its own session: a Ctrl-C in the terminal that ran this script does not reach it.
    setsid "$server_bin" --root "$dir/node$n" --config config --env cluster --allow-no-auth start >>"$log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  fi
  pid="$(pid_of "$pidfile")"
  for _ in $(seq 1 240); do
    if node_ready "$n"; then
      if [ "$started" = 1 ]; then say "node $n ready (pid $pid)"; else say "node $n already running (pid $pid)"; fi
      return 0
    fi
    if ! running "$pidfile" "$server_bin"; then
      tail -n 30 "$log" >&2
      die "node $n exited while starting (log: $log)"
    fi
    sleep 0.5
  done
  die "node $n did not answer within 120 s (log: $log)"
}

stop_node() { stop_process "$dir/node$1.pid" "$server_bin" "node $1" "${2:-TERM}"; }

# --- 4. the load balancer -----------------------------------------------------------------------
# HAProxy from Debian (installed when missing and this runs as root); when it cannot be had, or
# with TEMPORAL_CLUSTER_BALANCER=node, the small Node balancer platform/cluster/tcpBalancer.ts.
# Either way one pid file (balancer.pid) and one log (balancer.log); balancer.kind says which.

balancer_pidfile="$dir/balancer.pid"

haproxy_bin() { command -v haproxy || { [ -x /usr/sbin/haproxy ] && echo /usr/sbin/haproxy; } || true; }

try_install_haproxy() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  say "installing HAProxy (Debian package haproxy)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy) >/dev/null 2>&1 || return 1
  [ -n "$(haproxy_bin)" ]
}

balancer_kind() {
  case "${TEMPORAL_CLUSTER_BALANCER:-haproxy}" in
    node) echo node ;;
    haproxy)
      if [ -n "$(haproxy_bin)" ] || try_install_haproxy; then echo haproxy
      else say "HAProxy is not available: using the Node balancer (platform/cluster/tcpBalancer.ts)"; echo node; fi ;;
    *) die "TEMPORAL_CLUSTER_BALANCER must be haproxy or node" ;;
  esac
}

# The program a running balancer's command line contains (for its pid file check).
balancer_program() {
  case "$(cat "$dir/balancer.kind" 2>/dev/null)" in
    haproxy) haproxy_bin ;;
    node) echo "platform/cluster/tcpBalancer.ts" ;;
    *) echo "no-balancer-recorded" ;;
  esac
}

balancer_running() { running "$balancer_pidfile" "$(balancer_program)"; }

start_balancer() {
  local kind cfg="$dir/balancer.cfg" new="$dir/balancer.cfg.new"
  kind="$(balancer_kind)"
  # The whole configuration of the balancer to run: HAProxy's file, or the Node balancer's arguments.
  if [ "$kind" = haproxy ]; then
    sed -e "s|@CLUSTER_DIR@|$dir|g" \
        -e "s|@LB_PORT@|$lb_port|g" \
        -e "s|@NODE1_FRONTEND_PORT@|$(frontend_port 1)|g" \
        -e "s|@NODE2_FRONTEND_PORT@|$(frontend_port 2)|g" \
        -e "s|@NODE1_FRONTEND_HTTP_PORT@|$(frontend_http_port 1)|g" \
        -e "s|@NODE2_FRONTEND_HTTP_PORT@|$(frontend_http_port 2)|g" \
        "$templates/haproxy.cfg.tmpl" >"$new"
    "$(haproxy_bin)" -c -q -f "$new" || die "invalid HAProxy configuration: $new"
  else
    echo "$address 127.0.0.1:$(frontend_port 1)=127.0.0.1:$(frontend_http_port 1) 127.0.0.1:$(frontend_port 2)=127.0.0.1:$(frontend_http_port 2)" >"$new"
  fi
  if balancer_running && [ "$(cat "$dir/balancer.kind" 2>/dev/null)" = "$kind" ] && cmp -s "$new" "$cfg"; then
    rm -f "$new"
    say "balancer already running on $address (pid $(pid_of "$balancer_pidfile"))"
    return 0
  fi
  stop_balancer
  mv -f "$new" "$cfg"
  echo "$kind" >"$dir/balancer.kind"
  say "starting the balancer ($kind) on $address -> 127.0.0.1:$(frontend_port 1), 127.0.0.1:$(frontend_port 2)"
  echo "--- $(date -Is) start ($kind)" >>"$dir/balancer.log"
  if [ "$kind" = haproxy ]; then
    # -db: stays in the foreground (a plain process with a pid file here), logs to its stderr.
    setsid "$(haproxy_bin)" -db -f "$cfg" >>"$dir/balancer.log" 2>&1 </dev/null &
  else
    # shellcheck disable=SC2046 # the arguments are the words of balancer.cfg
    (cd "$root" && exec setsid node --require tsx/cjs "$templates/tcpBalancer.ts" $(cat "$cfg") >>"$dir/balancer.log" 2>&1 </dev/null) &
  fi
  echo $! >"$balancer_pidfile"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$lb_port") 2>/dev/null && return 0
    balancer_running || { tail -n 20 "$dir/balancer.log" >&2; die "the balancer exited (log: $dir/balancer.log)"; }
    sleep 0.1
  done
  die "the balancer does not listen on $address (log: $dir/balancer.log)"
}

stop_balancer() { stop_process "$balancer_pidfile" "$(balancer_program)" "balancer"; }

# --- 5. namespace and search attributes ---------------------------------------------------------

prepare_namespace() {
  local frontends=() n
  for n in 1 2; do
    running "$dir/node$n.pid" "$server_bin" && frontends+=("127.0.0.1:$(frontend_port "$n")")
  done
  (cd "$root" && npx --no-install tsx platform/cluster/ensureNamespace.ts "$address" "$namespace" "$retention_days" "${frontends[@]}")
  (cd "$root" && npx --no-install tsx platform/cluster/registerSearchAttributes.ts "$address" "$namespace")
}

# --- commands -----------------------------------------------------------------------------------

cmd_start() {
  local start
  start=$(date +%s)
  build
  start_postgres
  start_node 1
  start_node 2
  start_balancer
  prepare_namespace
  say "cluster up in $(( $(date +%s) - start ))s: TEMPORAL_ADDRESS=$address TEMPORAL_NAMESPACE=$namespace"
  echo "$address"
}

cmd_start_node() {
  check_node_arg "${1:-}"
  [ -x "$server_bin" ] || die "the server is not built yet: run start first"
  pg_running || die "the cluster's PostgreSQL is not running: run start first"
  start_node "$1"
}

cmd_stop_node() {
  check_node_arg "${1:-}"
  if [ "${2:-}" = --kill ]; then stop_node "$1" KILL; else stop_node "$1"; fi
}

cmd_stop() {
  stop_balancer
  stop_node 2
  stop_node 1
  if [ -f "$pg_datadir/postmaster.pid" ]; then
    say "stopping PostgreSQL on 127.0.0.1:$pg_port"
    PGPORT_TEST="$pg_port" PGDATA_TEST="$pg_datadir" bash "$root/scripts/local-postgres.sh" stop
  fi
  say "stopped"
}

cmd_status() {
  local all=0 n pid
  if pg_running; then say "postgresql: up on 127.0.0.1:$pg_port (data: $pg_datadir)"; else say "postgresql: down"; all=3; fi
  for n in 1 2; do
    pid="$(pid_of "$dir/node$n.pid")"
    if running "$dir/node$n.pid" "$server_bin"; then
      if node_ready "$n"; then say "node $n: up (pid $pid, frontend 127.0.0.1:$(frontend_port "$n"))"
      else say "node $n: running (pid $pid) but its frontend does not answer yet"; all=3; fi
    else
      say "node $n: down"; all=3
    fi
  done
  if balancer_running; then
    say "balancer: up on $address ($(cat "$dir/balancer.kind"), pid $(pid_of "$balancer_pidfile"))"
    # What HAProxy's health checks say about each node (from its stats socket).
    if [ "$(cat "$dir/balancer.kind")" = haproxy ] && [ -S "$dir/haproxy.sock" ] && command -v python3 >/dev/null; then
      python3 - "$dir/haproxy.sock" <<'PY' >&2 || true
import csv, io, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536): data += chunk
for row in csv.DictReader(io.StringIO(data.decode().lstrip("# "))):
    if row["pxname"] == "temporal_frontends" and row["svname"] not in ("FRONTEND", "BACKEND"):
        print(f"[temporal-cluster]   balancer -> {row['svname']}: {row['status']} ({row['check_status']}), {row['scur']} open connections")
PY
    fi
  else
    say "balancer: down"; all=3
  fi
  return "$all"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  start-node) cmd_start_node "${2:-}" ;;
  stop-node) cmd_stop_node "${2:-}" "${3:-}" ;;
  *) awk 'NR > 1 && /^set -euo/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
