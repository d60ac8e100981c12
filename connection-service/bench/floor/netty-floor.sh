#!/usr/bin/env bash
# The churn benchmark against a bare Netty WebSocket server (NettyFloor.java: no Chorus, no Spring, no Reactor)
# on the same core, with the same generator, rates and JVM options as churn.sh: the JVM and Netty floor that the
# connection tier's own cost per join + leave is to be read against (the kernel's floor is request-floor.c).
#   J=20000 C=4000 ROOMS=100 D=40s connection-service/bench/floor/netty-floor.sh
# SERVER_GC (default -XX:+UseG1GC), SERVER_JAVA_OPTS, LOOPS (event loops, default 4) and WARMUP (default 60s)
# as in churn.sh. Needs the Netty jars in the local Maven repository (any build of the project puts them there).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
J="${J:-20000}"
C="${C:-4000}"
ROOMS="${ROOMS:-100}"
D="${D:-40s}"
WARMUP="${WARMUP:-60s}"
(cd "$ROOT" && ./mvnw -q -o -pl connection-service dependency:build-classpath -Dmdep.includeGroupIds=io.netty \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
taskset -c "$SERVER_CORE" java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" ${SERVER_GC:--XX:+UseG1GC} ${SERVER_JAVA_OPTS:-} \
    -cp "$(cat "$WORK/cp.txt")" "$ROOT/connection-service/bench/floor/NettyFloor.java" "$SERVER_PORT" "${LOOPS:-4}" \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for _ in $(seq 120); do
    grep -q "listening" "$WORK/server.log" 2>/dev/null && break
    sleep 0.5
done
grep -q "listening" "$WORK/server.log" || { echo "netty floor did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
start_churn
cpu0=$(cpu_seconds)
t0=$(date +%s.%N)
wait "$LOADGEN_PID" || true
cpu1=$(cpu_seconds)
t1=$(date +%s.%N)
echo "conditions: $(date -u +%FT%TZ) bare Netty (NettyFloor.java, ${LOOPS:-4} event loops) load average $(cut -d' ' -f1-3 /proc/loadavg) server core $SERVER_CORE heap $SERVER_HEAP, loadgen core $LOADGEN_CORE"
joins=$(grep -o '"joinsPerSec":[0-9]*' "$WORK/loadgen.out" | head -1 | cut -d: -f2)
secs=$(echo "$t1 - $t0" | bc -l)
echo "server CPU $(echo "$cpu1 - $cpu0" | bc -l) s over $(printf %.1f "$secs") s: $(echo "($cpu1 - $cpu0) / $secs" | bc -l | cut -c1-4) cores, $(echo "($cpu1 - $cpu0) * 1000000 / ($joins * $secs)" | bc -l | cut -c1-5) us per join + leave"
grep -E "joinsPerSec|leavesPerSec|joinLatency|failures|poolExhausted" "$WORK/loadgen.out" | head -6 || true
