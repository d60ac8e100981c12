#!/usr/bin/env bash
# REST overhead of the gateway: wrk against a downstream stand-in directly, then through the gateway.
# Gateway, stand-in and Redis pinned to core 0; wrk pinned to core 1. Writes results to target/bench/.
# Usage: api-gateway/bench/gateway-overhead.sh [connections...]   (default: 1 10)
# Env: DURATION (20s), WARMUP (60s), GATEWAY_ARGS (extra gateway arguments, e.g. to drop a filter),
#      JFR=1 (a JFR profile of the gateway during the measured runs: target/bench/gateway.jfr)
# Prints, per gateway run, the gateway's CPU time per request (user + system from /proc over the run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(cd .. && pwd)"
OUT=target/bench; mkdir -p "$OUT"
CONNS=("${@:-1 10}"); read -r -a CONNS <<<"${CONNS[*]}"
DURATION=${DURATION:-20s}; WARMUP=${WARMUP:-60s}
REDIS_PORT=26399; STANDIN_PORT=28082; GW_PORT=28080; MGMT_PORT=29080
SECRET="bench-secret-0123456789abcdef-0123456789"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

[[ -f "$OUT/classpath.txt" ]] || "$ROOT/mvnw" -q -o -f "$ROOT/pom.xml" -pl api-gateway dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
JAR=$(ls target/api-gateway-*.jar | grep -v original | head -1)

taskset -c 0 redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no >"$OUT/redis.log" 2>&1 & pids+=($!)
mkdir -p "$OUT/classes" && javac -d "$OUT/classes" -cp "$(cat "$OUT/classpath.txt")" bench/DownstreamStandIn.java
taskset -c 0 java -Xmx256m -cp "$OUT/classes:$(cat "$OUT/classpath.txt")" DownstreamStandIn $STANDIN_PORT >"$OUT/standin.log" 2>&1 & pids+=($!)
taskset -c 0 java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port=$GW_PORT --management.server.port=$MGMT_PORT \
  --chorus.config.dir="$ROOT/config-repo" --chorus.jwt.secret=$SECRET \
  --spring.data.redis.port=$REDIS_PORT \
  --chorus.gateway.rate-limit.replenish-rate=1000000 --chorus.gateway.rate-limit.burst-capacity=1000000 \
  "--spring.cloud.discovery.client.simple.instances.room-service[0].uri=http://127.0.0.1:$STANDIN_PORT" \
  --logging.level.root=WARN ${GATEWAY_ARGS:-} >"$OUT/gateway.log" 2>&1 & GW_PID=$!; pids+=($GW_PID)
gw_ticks() { awk '{print $14 + $15}' "/proc/$GW_PID/stat"; }

for i in $(seq 1 120); do curl -fs "http://127.0.0.1:$MGMT_PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
TOKEN=$(CHORUS_JWT_SECRET=$SECRET python3 "$ROOT/bench/mint-token.py" bench-user)
AUTH="Authorization: Bearer $TOKEN"
curl -sS -i -H "$AUTH" "http://127.0.0.1:$GW_PORT/api/rooms/lobby" | tee "$OUT/first-response.txt" | head -1 | grep -q " 200" \
  || { echo "gateway did not route: $(cat "$OUT/first-response.txt")"; exit 1; }

run() { # name url connections duration
  local t0 t1 out
  t0=$(gw_ticks)
  out=$(taskset -c 1 wrk -t1 -c"$3" -d"$4" --latency -H "$AUTH" "$2")
  t1=$(gw_ticks)
  echo "$out"
  if [[ "$1" == gateway ]]; then
    local n; n=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "gateway CPU: $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) )) ms for $n requests: $(echo "scale=1; ($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $n" | bc) us per request"
  fi
}
echo "warm-up ($WARMUP each)"
run direct "http://127.0.0.1:$STANDIN_PORT/api/rooms/lobby" 50 "$WARMUP" | grep Requests/sec
run gateway "http://127.0.0.1:$GW_PORT/api/rooms/lobby" 50 "$WARMUP" | grep Requests/sec
if [[ "${JFR:-}" == 1 ]]; then jcmd "$GW_PID" JFR.start name=bench settings=profile filename="$PWD/$OUT/gateway.jfr" >/dev/null; fi
{
  echo "date: $(date -u +%FT%TZ) commit $(git -C "$ROOT" rev-parse --short HEAD)  load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in "${CONNS[@]}"; do
    echo "=== direct c=$c"; run direct "http://127.0.0.1:$STANDIN_PORT/api/rooms/lobby" "$c" "$DURATION"
    echo "=== gateway c=$c"; run gateway "http://127.0.0.1:$GW_PORT/api/rooms/lobby" "$c" "$DURATION"
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/gateway-overhead.txt"
if [[ "${JFR:-}" == 1 ]]; then jcmd "$GW_PID" JFR.stop name=bench >/dev/null; echo "profile: $OUT/gateway.jfr"; fi
