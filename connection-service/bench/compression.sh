#!/usr/bin/env bash
# Server CPU per delivered MB with permessage-deflate off, on with one compression per connection
# (compress-once=false: Netty's deflate encoder compresses every frame again for each connection), and on
# with compress once, send to many. Every mode negotiates server_no_context_takeover (the server always
# does, see ADR 0006), so per-connection compresses each frame on its own for each connection. Each mode: a fresh server, V viewers in one room, room.batch frames of
# B messages published straight into Redis at R msgs/s for D; server CPU time (/proc) and the bytes the
# server delivered (chat_connection_bytes_out_total: uncompressed frame bytes) before and after.
#   V=2000 R=200 B=50 D=30s connection-service/bench/compression.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
V="${V:-2000}"
R="${R:-200}"
B="${B:-50}"
D="${D:-30s}"
MODES="${MODES:-off per-connection once}"

bytes_out() {
    curl -s "http://127.0.0.1:$SERVER_PORT/actuator/prometheus" |
        awk '/^chat_connection_bytes_out(_bytes)?_total[ {]/ {s += $NF} END {printf "%.0f\n", s}'
}

start_redis
rows=()
for mode in $MODES; do
    once=true
    compress=(--compression)
    case "$mode" in
        off) compress=() ;;
        per-connection) once=false ;;
        once) ;;
        *) echo "unknown mode $mode" >&2; exit 1 ;;
    esac
    start_server --chorus.connection.outbound.compress-once="$once" \
        --chorus.connection.heartbeat.idle-timeout=600s --chorus.connection.heartbeat.ping-after=300s \
        --chorus.connection.limits.max-frames-per-second=1000
    LOADGEN_PID=
    taskset -c "$LOADGEN_CORE" java -Xmx2g -XX:+UseParallelGC -jar "$LOADGEN_JAR" fanout --room "cmp-$mode" \
        --viewers "$V" --mode direct --redis "redis://127.0.0.1:$REDIS_PORT" --create-room false \
        --batch-size "$B" --start-rate "$R" --step 0 --max-steps 1 --step-duration "$D" --warmup 5s \
        --heartbeat 0 --max-p99 5s --ramp-per-sec 1000 --max-pending 200 --sources 127.0.0.1-4 \
        --url "ws://127.0.0.1:$SERVER_PORT/ws" "${compress[@]}" >"$WORK/fanout-$mode.out" 2>"$WORK/fanout-$mode.err" &
    LOADGEN_PID=$!
    PIDS+=("$LOADGEN_PID")
    # the window starts once every viewer is connected (connects and joins are not what is measured)
    while kill -0 "$LOADGEN_PID" 2>/dev/null && (($(connections || echo 0) < V)); do
        sleep 0.5
    done
    cpu0=$(cpu_seconds)
    bytes0=$(bytes_out)
    wait "$LOADGEN_PID" || true
    cpu1=$(cpu_seconds)
    bytes1=$(bytes_out)
    grep -E "^\| direct" "$WORK/fanout-$mode.out" | head -2 || true
    rows+=("$(awk -v m="$mode" -v c="$(echo "$cpu1 - $cpu0" | bc -l)" -v b="$((bytes1 - bytes0))" 'BEGIN {
        printf "| %s | %.1f | %.1f | **%.3f** |", m, c, b/1048576, c/(b/1048576) }')")
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
done
conditions
echo "V=$V viewers, batch $B msgs/frame, $R msgs/s for $D (+5 s warmup); window from all viewers connected to the end"
echo "| deflate | server CPU s | delivered MB (uncompressed) | **CPU s per delivered MB** |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
