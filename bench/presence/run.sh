#!/usr/bin/env bash
# Presence benchmark: presence-service pinned to core 0; wrk and Redis share core 1.
# Usage: bench/presence/run.sh   (builds nothing; needs presence-service/target/*.jar and redis-server)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-28185}
REDIS_PORT=${REDIS_PORT:-26485}
JAR=presence-service/target/presence-service-0.1.0-SNAPSHOT.jar
for port in "$PORT" "$REDIS_PORT"; do
  ! ss -ltn "sport = :$port" | grep -q LISTEN || { echo "port $port is in use; set PORT / REDIS_PORT" >&2; exit 1; }
done
work=presence-service/target/bench; rm -rf "$work"; mkdir -p "$work"
trap 'kill ${renewer:-} $svc $redis 2>/dev/null || true; wait 2>/dev/null || true' EXIT

taskset -c 1 redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redis=$!
taskset -c 0 java -Xmx512m -jar "$JAR" --spring.profiles.active=local --server.port="$PORT" \
  --spring.data.redis.port="$REDIS_PORT" --chorus.config.dir=config-repo \
  --logging.level.root=WARN >"$work/svc.log" 2>&1 &
svc=$!
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 0.5; done

export TOKEN=$(bench/mint-token.py bench-service service)
base="http://127.0.0.1:$PORT"
mem_before=$(redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')

# 100,000 users online, one device each, in batches of 1,000 (one instance)
python3 - "$base" <<'PY'
import json, os, sys, urllib.request
base = sys.argv[1]
for start in range(0, 100_000, 1_000):
    events = [{"user": f"u{i}", "device": "d", "online": True, "ts": i} for i in range(start, start + 1_000)]
    req = urllib.request.Request(base + "/internal/presence/batch", json.dumps({"instance": "bench-0", "events": events}).encode(),
        {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["TOKEN"]})
    urllib.request.urlopen(req).read()
PY
mem_after=$(redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
echo "redis bytes per online user: $(( (mem_after - mem_before) / 100000 ))"

# the instance stays alive: renew its lease every 5 s, as a connection-service would
(while sleep 5; do
  curl -sf -m 2 -XPOST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"instance":"bench-0","events":[]}' "$base/internal/presence/batch" >/dev/null || true
done) &
renewer=$!
echo "== warm-up"
taskset -c 1 wrk -t1 -c4 -d10s -s bench/presence/lookup.lua "$base/internal/presence/lookup" >/dev/null
echo "== look-up of 1,000 users"
taskset -c 1 wrk -t1 -c4 -d30s --latency -s bench/presence/lookup.lua "$base/internal/presence/lookup"
echo "== look-up of 1,000 users, one request at a time"
taskset -c 1 wrk -t1 -c1 -d30s --latency -s bench/presence/lookup.lua "$base/internal/presence/lookup"
echo "== batches of 1,000 events"
taskset -c 1 wrk -t1 -c4 -d30s --latency -s bench/presence/batch.lua "$base/internal/presence/batch"
