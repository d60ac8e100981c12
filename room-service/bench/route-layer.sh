#!/usr/bin/env bash
# Route layer throughput (every check on) and chat explosion against a packaged room-service: room-service
# pinned to core 0, a private Redis and the load generator (RouteLayerBenchmark) on core 1. Stops only what it
# started. Build first: ./mvnw -q -pl room-service package -DskipTests (and test-compile).
#   RATES="200 400 600 800 1000" WARMUP=30 room-service/bench/route-layer.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT/room-service"
RATES="${RATES:-200 400 600 800 1000}"
REDIS_PORT="${REDIS_PORT:-26381}"
PORT="${PORT:-28082}"
SECRET="integration-test-secret-0123456789abcdef" # io.chorus.test.TestTokens.SECRET, what the harness signs with
WORK="$(mktemp -d /tmp/chorus-route-bench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

[[ -f target/bench-classpath.txt ]] || "$ROOT/mvnw" -q -o -f "$ROOT/pom.xml" -pl room-service \
    dependency:build-classpath -Dmdep.outputFile="$PWD/target/bench-classpath.txt" -Dmdep.includeScope=test >/dev/null
taskset -c 1 redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
JAR=$(ls target/room-service-*.jar | grep -v original | head -1)
CHORUS_JWT_SECRET="$SECRET" taskset -c 0 java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --chorus.config.dir="$ROOT/config-repo" --spring.data.redis.port="$REDIS_PORT" --chorus.jwt.secret="$SECRET" \
    --logging.level.root=WARN >"$WORK/room-service.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for _ in $(seq 240); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
    sleep 0.5
done
echo "conditions: $(date -u +%FT%TZ) commit $(git -C "$ROOT" rev-parse --short HEAD) load $(cut -d' ' -f1-3 /proc/loadavg) room-service core 0 (pid $SERVER_PID), harness + Redis core 1"
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
taskset -c 1 java -Dbench.serverPid="$SERVER_PID" -Dbench.warmUpSeconds="${WARMUP:-30}" -cp "$CP" \
    io.chorus.room.bench.RouteLayerBenchmark throughput "http://127.0.0.1:$PORT" "redis://127.0.0.1:$REDIS_PORT" $RATES
taskset -c 1 java -Dbench.serverPid="$SERVER_PID" -cp "$CP" \
    io.chorus.room.bench.RouteLayerBenchmark explosion "http://127.0.0.1:$PORT" "redis://127.0.0.1:$REDIS_PORT"
