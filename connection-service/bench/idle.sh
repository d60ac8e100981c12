#!/usr/bin/env bash
# Idle memory per connection: N WebSocket connections held open (heartbeat on, no room), then the live
# heap after a full GC and the RSS, both against the same server before the ramp.
#   N=19000 HOLD=60s connection-service/bench/idle.sh
# One process here cannot open more than `ulimit -Hn` files (20,000 on the shared machine), so N stays
# below that; four loopback source addresses keep ephemeral ports from running out.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N="${N:-19000}"
HOLD="${HOLD:-60s}"
RAMP="${RAMP:-2000}"

start_redis
start_server
sleep 5
heap_before=$(live_heap)
rss_before=$(rss_bytes)
loadgen_bg idle --connections "$N" --sources 127.0.0.1-4 --ramp-per-sec "$RAMP" --max-pending 500 \
    --hold "$HOLD" --create-room false
deadline=$((SECONDS + N / RAMP + 120))
open=0
while ((SECONDS < deadline)); do
    open=$(connections || echo 0)
    ((open >= N)) && break
    kill -0 "$LOADGEN_PID" 2>/dev/null || break
    sleep 2
done
sleep 5
open=$(connections)
heap_held=$(live_heap)
rss_held=$(rss_bytes)
wait "$LOADGEN_PID" || true
conditions
grep -E "connected|failed|openAfterHold|p50|p99" "$WORK/loadgen.out" | head -12 || true
awk -v n="$open" -v hb="$heap_before" -v hh="$heap_held" -v rb="$rss_before" -v rh="$rss_held" 'BEGIN {
    printf "| %d | %.1f MB -> %.1f MB | **%.1f KB** | %.0f MB -> %.0f MB | %.1f KB |\n",
        n, hb/1048576, hh/1048576, (hh-hb)/n/1024, rb/1048576, rh/1048576, (rh-rb)/n/1024 }'
echo "(columns: connections open at the measurement | live heap before -> held | heap per connection | RSS before -> held | RSS per connection)"
