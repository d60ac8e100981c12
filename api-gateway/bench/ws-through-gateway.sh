#!/usr/bin/env bash
# WebSocket cost of the gateway: the same fan-out (V viewers in one room, frames published straight into the
# room's Redis channel at fixed rates) with the viewers connected through api-gateway, then directly to
# connection-service, in one run; plus the gateway's memory per held WebSocket. connection-service, the gateway
# and Redis on core 0, the load generator on core 1 (lib.sh). "Route, then connect" sockets carry their frames
# exactly like direct ones (the gateway is out of the path once a socket is open), so the direct run is also the
# route-then-connect run; ws-connect-paths.sh compares the three ways of setting a socket up.
#   V=2000 START=50 STEP=50 STEPS=4 api-gateway/bench/ws-through-gateway.sh
# Build first: ./mvnw -q -pl protocol,client,loadgen,connection-service,api-gateway install -DskipTests
set -euo pipefail
source "$(dirname "$0")/lib.sh"
V="${V:-2000}"
START="${START:-50}"
STEP="${STEP:-50}"
STEPS="${STEPS:-4}"

# fan <label> <url>: the same fixed steps for both paths (START msgs/s, +STEP, STEPS of them, never stopped early).
fan() {
    local label="$1" url="$2"
    local s0 g0 s1 g1
    s0=$(cpu_seconds); g0=$(gw_cpu)
    taskset -c "$LOADGEN_CORE" java -Xmx2g -XX:+UseParallelGC -jar "$LOADGEN_JAR" fanout --url "$url" \
        --room "gw-$label-$RANDOM" --viewers "$V" --sources 127.0.0.1-4 --ramp-per-sec 1000 --max-pending 200 \
        --mode direct --redis "redis://127.0.0.1:$REDIS_PORT" --create-room false --batch-size 1 \
        --start-rate "$START" --step "$STEP" --max-steps "$STEPS" --step-duration 15s --max-p99 30s --max-loss 1 \
        --heartbeat 0 >"$WORK/fan-$label.out" 2>"$WORK/fan-$label.err" || true
    s1=$(cpu_seconds); g1=$(gw_cpu)
    echo "--- $label ($url), $V viewers"
    sed -n '/^Markdown/,$p' "$WORK/fan-$label.out" | grep '^|' || tail -5 "$WORK/fan-$label.err"
    echo "$label: connection-service CPU $(echo "$s1 - $s0" | bc -l) s, gateway CPU $(echo "$g1 - $g0" | bc -l) s"
}

start_redis
start_server --chorus.connection.heartbeat.idle-timeout=600s --chorus.connection.heartbeat.ping-after=300s \
    --chorus.connection.limits.max-frames-per-second=1000 \
    --chorus.connection.outbound.low-priority-deliveries-per-second=100000000
start_gateway
conditions
fan gateway "ws://127.0.0.1:$GW_PORT/ws"
fan direct "ws://127.0.0.1:$SERVER_PORT/ws"

# Memory: V idle connections held through the gateway; gateway RSS before and while held.
rss0=$(gw_rss)
taskset -c "$LOADGEN_CORE" java -Xmx2g -XX:+UseParallelGC -jar "$LOADGEN_JAR" idle --url "ws://127.0.0.1:$GW_PORT/ws" \
    --connections "$V" --sources 127.0.0.1-4 --ramp-per-sec 1000 --max-pending 200 --hold 20s --create-room false \
    >"$WORK/idle-gw.out" 2>&1 &
IDLE_PID=$!
PIDS+=("$IDLE_PID")
sleep $((V / 1000 + 12))
rss1=$(gw_rss)
wait "$IDLE_PID" || true
grep -E "connected|p50|p99" "$WORK/idle-gw.out" | head -6 || true
awk -v n="$V" -v a="$rss0" -v b="$rss1" 'BEGIN { printf "gateway RSS %.0f MB -> %.0f MB with %d WebSockets held: %.1f KB per connection\n", a/1048576, b/1048576, n, (b-a)/n/1024 }'
