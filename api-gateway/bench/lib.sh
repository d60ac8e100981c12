#!/usr/bin/env bash
# Helpers of the gateway's WebSocket benchmarks, on top of connection-service/bench/lib.sh (Redis, connection-service
# on core 0, the load generator on core 1, cleanup by PID): api-gateway on the server core, its CPU and RSS, and the
# bench programs in this directory compiled against the gateway's classpath.
source "$(dirname "${BASH_SOURCE[0]}")/../../connection-service/bench/lib.sh"
GW_PORT="${GW_PORT:-28080}"
GW_MGMT_PORT="${GW_MGMT_PORT:-29080}"
GW_JAR="$(ls "$ROOT"/api-gateway/target/api-gateway-*.jar | grep -v original | head -1)"
GW_OUT="$ROOT/api-gateway/target/bench"

# start_gateway: api-gateway on the server core, its production filter chain with rate limits raised, routing
# /ws and offering /api/connect for the one connection-service instance; sets GW_PID.
start_gateway() {
    (cd "$ROOT" && exec taskset -c "$SERVER_CORE" java -Xms512m -Xmx512m -XX:+UseG1GC -jar "$GW_JAR" \
        --server.address=127.0.0.1 --server.port="$GW_PORT" --management.server.port="$GW_MGMT_PORT" \
        --chorus.config.dir="$ROOT/config-repo" --chorus.jwt.secret="$CHORUS_JWT_SECRET" \
        --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
        --chorus.gateway.rate-limit.replenish-rate=1000000 --chorus.gateway.rate-limit.burst-capacity=1000000 \
        "--spring.cloud.discovery.client.simple.instances.connection-service[0].uri=http://127.0.0.1:$SERVER_PORT" \
        --logging.level.root=WARN) >"$WORK/gateway.log" 2>&1 &
    GW_PID=$!
    PIDS+=("$GW_PID")
    for _ in $(seq 240); do
        curl -s -o /dev/null "http://127.0.0.1:$GW_MGMT_PORT/actuator/health" && return 0
        sleep 0.5
    done
    echo "gateway did not start; log: $WORK/gateway.log" >&2
    tail -20 "$WORK/gateway.log" >&2
    exit 1
}

gw_rss() { awk '/VmRSS/ {print $2*1024}' "/proc/$GW_PID/status"; }
gw_cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$GW_PID/stat"; }

# bench_classpath: compiles the bench programs here; prints the classpath to run them with.
bench_classpath() {
    mkdir -p "$GW_OUT/classes"
    [[ -f "$GW_OUT/classpath.txt" ]] || "$ROOT/mvnw" -q -o -f "$ROOT/pom.xml" -pl api-gateway \
        dependency:build-classpath -Dmdep.outputFile="$GW_OUT/classpath.txt" >/dev/null
    javac -d "$GW_OUT/classes" -cp "$(cat "$GW_OUT/classpath.txt")" "$ROOT"/api-gateway/bench/*.java
    echo "$GW_OUT/classes:$(cat "$GW_OUT/classpath.txt")"
}
