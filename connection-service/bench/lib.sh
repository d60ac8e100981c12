#!/usr/bin/env bash
# Shared helpers of the connection-tier benchmarks: a private Redis, connection-service pinned to core 0,
# the load generator pinned to core 1, and cleanup of exactly the processes started here (by PID).
# Run from anywhere; builds nothing (build first: ./mvnw -q -pl protocol,client,loadgen,connection-service
# install -DskipTests). SERVER_JAR / LOADGEN_JAR point at other builds (copy the jars aside to compare two
# builds); SERVER_GC (default -XX:+UseG1GC) and SERVER_JAVA_OPTS change the server's JVM options; LOADGEN_OPTS
# adds load generator options to every run (e.g. --busy-poll), LOADGEN_GC (default -XX:+UseParallelGC) and
# LOADGEN_JAVA_OPTS its JVM options (e.g. -Xlog:gc). The generator runs without Netty's leak detector (its
# sampled stack traces cost it 2% of its core); the server keeps Netty's default, as deployed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVER_JAR="${SERVER_JAR:-$ROOT/connection-service/target/connection-service-0.1.0-SNAPSHOT.jar}"
LOADGEN_JAR="${LOADGEN_JAR:-$ROOT/loadgen/target/chorus-loadgen-0.1.0-SNAPSHOT.jar}"
export CHORUS_JWT_SECRET="${CHORUS_JWT_SECRET:-chorus-bench-secret-0123456789abcdef0123456789}"
REDIS_PORT="${REDIS_PORT:-26379}"
SERVER_PORT="${SERVER_PORT:-28081}"
SERVER_HEAP="${SERVER_HEAP:-1g}"
SERVER_CORE="${SERVER_CORE:-0}"
LOADGEN_CORE="${LOADGEN_CORE:-1}"
# No upstream services: joins and chats answer with what is known. Port 9 (discard) refuses at once, so a
# join never waits for a snapshot timeout; point this at a running room-service for end-to-end runs.
UPSTREAM="${UPSTREAM:-http://127.0.0.1:9}"
WORK="$(mktemp -d /tmp/chorus-bench.XXXXXX)"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    sleep 1
    for pid in "${PIDS[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM

start_redis() {
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no \
        --logfile "$WORK/redis.log" &
    PIDS+=($!)
    for _ in $(seq 50); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "redis did not start" >&2
    exit 1
}

# start_server [--name=value ...]: connection-service on core 0; sets SERVER_PID.
start_server() {
    (cd "$ROOT" && exec taskset -c "$SERVER_CORE" java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" ${SERVER_GC:--XX:+UseG1GC} \
        ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" \
        --server.address=127.0.0.1 --server.port="$SERVER_PORT" \
        --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
        --chorus.connection.instance-id=cs-bench --logging.level.root=WARN \
        --chorus.connection.upstream.room-service="$UPSTREAM" --chorus.connection.upstream.gift-service="$UPSTREAM" \
        --chorus.connection.upstream.presence-service="$UPSTREAM" "$@") >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    for _ in $(seq 360); do
        curl -sf "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    echo "connection-service did not start; log: $WORK/server.log" >&2
    tail -20 "$WORK/server.log" >&2
    exit 1
}

# loadgen <scenario> [options]: the load generator on core 1, in the foreground.
loadgen() {
    taskset -c "$LOADGEN_CORE" java -Xmx2g ${LOADGEN_GC:--XX:+UseParallelGC} -Dio.netty.leakDetection.level=disabled ${LOADGEN_JAVA_OPTS:-} -jar "$LOADGEN_JAR" "$@" \
        ${LOADGEN_OPTS:-} --url "ws://127.0.0.1:$SERVER_PORT/ws"
}

# loadgen_bg <scenario> [options]: the same in the background; sets LOADGEN_PID.
loadgen_bg() {
    taskset -c "$LOADGEN_CORE" java -Xmx2g ${LOADGEN_GC:--XX:+UseParallelGC} -Dio.netty.leakDetection.level=disabled ${LOADGEN_JAVA_OPTS:-} -jar "$LOADGEN_JAR" "$@" \
        ${LOADGEN_OPTS:-} --url "ws://127.0.0.1:$SERVER_PORT/ws" >"$WORK/loadgen.out" 2>"$WORK/loadgen.err" &
    LOADGEN_PID=$!
    PIDS+=("$LOADGEN_PID")
}

# start_churn: the churn generator in the background with J, C, ROOMS, D and WARMUP (churn.sh, floor/netty-floor.sh);
# returns when the measured run starts, i.e. when the generator logs the end of its warm-up (or, with none, of its
# connection ramp).
start_churn() {
    loadgen_bg churn --rooms "$ROOMS" --joins-per-sec "$J" --duration "$D" --warmup "$WARMUP" --connections "$C" \
        --sources 127.0.0.1-4 --create-rooms false
    local mark="Churn warm-up"
    [[ "$WARMUP" == 0 ]] && mark="Churn lanes"
    until grep -q "$mark" "$WORK/loadgen.err" 2>/dev/null; do
        kill -0 "$LOADGEN_PID" 2>/dev/null || break
        sleep 0.2
    done
}

connections() {
    curl -s "http://127.0.0.1:$SERVER_PORT/actuator/prometheus" | awk '/^chat_connection_connections[ {]/ {print int($NF)}'
}

# Live heap in bytes: full GC, then G1's used heap.
live_heap() {
    jcmd "$SERVER_PID" GC.run >/dev/null
    jcmd "$SERVER_PID" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); print v*1024}}'
}

rss_bytes() {
    awk '/VmRSS/ {print $2*1024}' "/proc/$SERVER_PID/status"
}

# Server CPU time in seconds (user + system) from /proc.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$SERVER_PID/stat"
}

room_frames_out() {
    curl -s "http://127.0.0.1:$SERVER_PORT/actuator/prometheus" | awk '/^chat_connection_frames_out_total\{.*source="room"/ {print int($NF)}'
}

joins_total() {
    curl -s "http://127.0.0.1:$SERVER_PORT/actuator/prometheus" | awk '/^chat_connection_joins_total/ {print int($NF)}'
}

# sampler_start [counter function, default room_frames_out]: every 2 s, "<epoch s> <server CPU s> <count>" into
# $WORK/samples; sets SAMPLER_PID. Start it before the warm-up: each sample scrapes /actuator/prometheus, and a
# scrape path first exercised inside the measured window has the server's core compile it there.
sampler_start() {
    local counter="${1:-room_frames_out}"
    rm -f "$WORK/samples.mark"
    (while kill -0 "$SERVER_PID" 2>/dev/null; do
        echo "$(date +%s.%N) $(cpu_seconds) $($counter)"
        sleep 2
    done) >"$WORK/samples" 2>/dev/null &
    SAMPLER_PID=$!
    PIDS+=("$SAMPLER_PID")
}

# sampler_mark: the measured window starts now; sampler_report leaves out the samples before it.
sampler_mark() {
    date +%s.%N >"$WORK/samples.mark"
}

# sampler_report [unit, default "delivered frame"]: server CPU per counted event over the second half of the
# window in which the count grew (from the first sample with a count to the last that added to it; samples
# before sampler_mark, if called, are left out), so connects, JIT warm-up and idle time are left out.
sampler_report() {
    kill "$SAMPLER_PID" 2>/dev/null || true
    local mark=0
    [[ -f "$WORK/samples.mark" ]] && mark="$(cat "$WORK/samples.mark")"
    awk -v unit="${1:-delivered frame}" -v mark="$mark" 'NF == 3 && $1 >= mark && $3 > 0 { n++; t[n] = $1; c[n] = $2; f[n] = $3; if ($3 > last) { end = n; last = $3 } }
         END { if (end < 3) { print "sampler: too few samples"; exit }
               start = int((end + 1) / 2)
               if (f[end] > f[start]) printf "second half of the window (%.0f s): %d counted, server CPU %.2f s = %.2f us per %s, %.2f cores\n",
                   t[end] - t[start], f[end] - f[start], c[end] - c[start], (c[end] - c[start]) * 1e6 / (f[end] - f[start]), unit, (c[end] - c[start]) / (t[end] - t[start]) }' "$WORK/samples"
}

conditions() {
    echo "conditions: $(date -u +%FT%TZ) commit $(git -C "$ROOT" rev-parse --short HEAD) load average $(cut -d' ' -f1-3 /proc/loadavg) server core $SERVER_CORE heap $SERVER_HEAP, loadgen core $LOADGEN_CORE"
}
