#!/usr/bin/env bash
# WebSocket set-up through the three ways in, in one run: proxied (the gateway's /ws), route-then-connect
# (GET /api/connect at the gateway, then /ws?ticket= at the instance it names) and direct (connection-service's /ws
# with the access token). N sockets per way, at most C upgrades in flight, all held open until the way is done,
# then closed. Redis, connection-service and api-gateway on core 0, ConnectBench on core 1; CPU seconds of the
# gateway and of connection-service per way.
#   N=2000 C=200 api-gateway/bench/ws-connect-paths.sh
# Build first: ./mvnw -q -pl protocol,connection-service,api-gateway install -DskipTests (or package)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N="${N:-2000}"
C="${C:-200}"
ROUNDS="${ROUNDS:-2}"

CP="$(bench_classpath)"
TOKEN="$(python3 "$ROOT/bench/mint-token.py" connect-bench)"

start_redis
start_server --chorus.connection.heartbeat.idle-timeout=600s --chorus.connection.heartbeat.ping-after=300s
start_gateway
conditions
echo "N=$N sockets per way, C=$C upgrades in flight, $ROUNDS rounds (the first warms the JIT)"

way() { # way <mode> <url>
    local s0 g0 s1 g1
    s0=$(cpu_seconds); g0=$(gw_cpu)
    taskset -c "$LOADGEN_CORE" java -Xmx1g -cp "$CP" ConnectBench "$1" "$2" "$N" "$C" "$TOKEN"
    s1=$(cpu_seconds); g1=$(gw_cpu)
    echo "  $1: connection-service CPU $(echo "$s1 - $s0" | bc -l) s, gateway CPU $(echo "$g1 - $g0" | bc -l) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 3 # closed sockets drain
}

for round in $(seq "$ROUNDS"); do
    echo "--- round $round"
    way proxied "ws://127.0.0.1:$GW_PORT/ws"
    way route "http://127.0.0.1:$GW_PORT"
    way direct "ws://127.0.0.1:$SERVER_PORT/ws"
done
