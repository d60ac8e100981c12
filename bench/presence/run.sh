#!/usr/bin/env bash
# Presence benchmark: presence-service pinned to core 0; wrk and Redis share core 1.
# Usage: bench/presence/run.sh   (builds nothing; needs presence-service/target/*.jar, redis-server, wrk)
#   DURATION=30s   length of each measured row (a 10 s warm-up precedes the look-ups)
#   USERS=100000   users online before the look-ups (one device each, one instance)
#   PROFILE=1      also record a JFR profile of the one-at-a-time look-ups (presence-service/target/bench/lookup.jfr)
#   JAVA_OPTS      extra JVM options for presence-service; JAR another build to compare
#   LOOKUPS_ONLY=1 skip the batch row
# Besides wrk's latency, every row prints the CPU time presence-service and Redis spent per request, the heap
# presence-service allocated per request and its young collections (count, total and mean pause, from jstat),
# which stay meaningful when the machine is busy with other work (latency does not). Run `uptime` alongside.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-28185}
REDIS_PORT=${REDIS_PORT:-26485}
DURATION=${DURATION:-30s}
USERS=${USERS:-100000}
JAR=${JAR:-presence-service/target/presence-service-0.1.0-SNAPSHOT.jar}
for port in "$PORT" "$REDIS_PORT"; do
  ! ss -ltn "sport = :$port" | grep -q LISTEN || { echo "port $port is in use; set PORT / REDIS_PORT" >&2; exit 1; }
done
work=$PWD/presence-service/target/bench; rm -rf "$work"; mkdir -p "$work"
trap 'kill ${renewer:-} ${svc:-} ${redis:-} 2>/dev/null || true; wait 2>/dev/null || true' EXIT
echo "uptime: $(uptime)"

taskset -c 1 redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redis=$!
# shellcheck disable=SC2086
taskset -c 0 java -Xmx512m ${JAVA_OPTS:-} -jar "$JAR" --spring.profiles.active=local --server.port="$PORT" \
  --spring.data.redis.port="$REDIS_PORT" --chorus.config.dir=config-repo \
  --logging.level.root=WARN >"$work/svc.log" 2>&1 &
svc=$!
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 0.5; done
echo "presence-service GC: $(jcmd "$svc" VM.flags | tr ' ' '\n' | grep -E '^-XX:\+Use.*GC$' || true)"

export TOKEN=$(bench/mint-token.py bench-service service)
base="http://127.0.0.1:$PORT"
mem_before=$(redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')

# $USERS users online, one device each, in batches of 1,000 (one instance)
python3 - "$base" "$USERS" <<'PY'
import json, os, sys, urllib.request
base, users = sys.argv[1], int(sys.argv[2])
for start in range(0, users, 1_000):
    events = [{"user": f"u{i}", "device": "d", "online": True, "ts": i} for i in range(start, min(users, start + 1_000))]
    req = urllib.request.Request(base + "/internal/presence/batch", json.dumps({"instance": "bench-0", "events": events}).encode(),
        {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["TOKEN"]})
    urllib.request.urlopen(req).read()
PY
mem_after=$(redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
echo "redis bytes per online user: $(( (mem_after - mem_before) / USERS ))"

# the instance stays alive: renew its lease every 5 s, as a connection-service would
(while sleep 5; do
  curl -sf -m 2 -XPOST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"instance":"bench-0","events":[]}' "$base/internal/presence/batch" >/dev/null || true
done) &
renewer=$!

ticks=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$ticks" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }
# eden capacity and use (KB), young collections and their total time (s) of presence-service
gc_state() { jstat -gc "$svc" | awk 'NR == 2 {print $5, $6, $13, $14}'; }
# row NAME CONNECTIONS SCRIPT PATH: one wrk run with latency and CPU per request of service and Redis
row() {
  local name=$1 connections=$2 script=$3 path=$4 svc0 redis0 out requests gc0
  echo "== $name"
  gc0=$(gc_state)
  svc0=$(cpu_ms "$svc"); redis0=$(cpu_ms "$redis")
  out=$(taskset -c 1 wrk -t1 -c"$connections" -d"$DURATION" --latency -s "bench/presence/$script" "$base$path")
  echo "$out" | sed -n '/Latency Distribution/,/Requests\/sec/p'
  requests=$(echo "$out" | awk '/requests in/{print $1}')
  awk -v s=$(( $(cpu_ms "$svc") - svc0 )) -v r=$(( $(cpu_ms "$redis") - redis0 )) -v n="$requests" \
    'BEGIN {printf "CPU per request: presence-service %.2f ms, redis %.2f ms (%d requests)\n", s / n, r / n, n}'
  # allocated ~ eden filled between the samples: (collections x eden capacity) + change of eden use
  echo "$gc0 $(gc_state)" | awk -v n="$requests" '{gcs = $7 - $3; kb = gcs * $5 + $6 - $2
    printf "heap allocated per request: %.0f KB; young collections: %d, %.0f ms in total, %.1f ms each\n",
      kb / n, gcs, ($8 - $4) * 1000, gcs ? ($8 - $4) * 1000 / gcs : 0}'
}

echo "== warm-up"
taskset -c 1 wrk -t1 -c4 -d10s -s bench/presence/lookup.lua "$base/internal/presence/lookup" >/dev/null
row "look-up of 1,000 users, 4 connections" 4 lookup.lua /internal/presence/lookup
if [[ -n ${PROFILE:-} ]]; then
  jcmd "$svc" JFR.start name=lookup settings=profile filename="$work/lookup.jfr" >/dev/null
fi
row "look-up of 1,000 users, one request at a time" 1 lookup.lua /internal/presence/lookup
if [[ -n ${PROFILE:-} ]]; then
  jcmd "$svc" JFR.stop name=lookup >/dev/null
  echo "profile: $work/lookup.jfr"
fi
LOOKUP_USERS=1 row "look-up of 1 user, one request at a time (the fixed cost of a request)" 1 lookup.lua /internal/presence/lookup
if [[ -n ${LOOKUPS_ONLY:-} ]]; then echo "uptime: $(uptime)"; exit 0; fi
writes0=$(redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[=,:]' '/^cmdstat_/{n += $3} END {print n}')
row "batches of 1,000 events (${USERS} users), 4 connections" 4 batch.lua /internal/presence/batch
writes1=$(redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[=,:]' '/^cmdstat_/{n += $3} END {print n}')
echo "redis commands during the batches (inside scripts included): $(( writes1 - writes0 ))"
redis-cli -p "$REDIS_PORT" info commandstats | grep -E 'cmdstat_(evalsha|eval|hset|hdel|hgetall|mget|set|get|incrby|hmset|hmget)[:]' | cut -d, -f1-3
echo "uptime: $(uptime)"
