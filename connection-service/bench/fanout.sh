#!/usr/bin/env bash
# Fan-out into one room of V viewers, frames published straight into the room's Redis channel (the tier
# alone), the rate ramped until p99 > 2 s or loss > 1%: aggregation off (B=1) and on (B=50).
#   V=10000 connection-service/bench/fanout.sh            # both
#   V=10000 BATCHES=50 START=50 STEP=50 connection-service/bench/fanout.sh
# WARMUP_STEPS (default 3; 0 to skip) first runs that many unrecorded steps at the start rate against the same
# server, so the recorded ramp meets compiled fan-out paths. MAX_STEPS (20) and STEP_DURATION (10s) bound each
# ramp; JFR=1 records a profile of each server (path printed; `jfr print --events jdk.ExecutionSample` or JDK
# Mission Control).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
V="${V:-10000}"
BATCHES="${BATCHES:-1 50}"
BASE_JAVA_OPTS="${SERVER_JAVA_OPTS:-}"

# ramp <batch> <room> <start> <step> <steps> <step duration> <output name>: one load generator run, into $WORK.
ramp() {
    loadgen fanout --room "$2" --viewers "$V" --sources 127.0.0.1-4 --ramp-per-sec 2000 --max-pending 500 --mode direct \
        --redis "redis://127.0.0.1:$REDIS_PORT" --create-room false --batch-size "$1" --start-rate "$3" \
        --step "$4" --max-steps "$5" --step-duration "$6" --max-p99 2s --max-loss 0.01 --heartbeat 0 \
        >"$WORK/$7.out" 2>"$WORK/$7.err" || true
}

start_redis
for b in $BATCHES; do
    if [[ "$b" == 1 ]]; then start="${START:-10}"; step="${STEP:-10}"; else start="${START:-50}"; step="${STEP:-50}"; fi
    if [[ "${JFR:-0}" == 1 ]]; then
        SERVER_JAVA_OPTS="$BASE_JAVA_OPTS -XX:StartFlightRecording=filename=$WORK/fanout-$b.jfr,settings=profile"
    fi
    start_server --chorus.connection.heartbeat.idle-timeout=600s --chorus.connection.heartbeat.ping-after=300s \
        --chorus.connection.limits.max-frames-per-second=1000 \
        --chorus.connection.outbound.low-priority-deliveries-per-second=100000000
    sampler_start
    if [[ "${WARMUP_STEPS:-3}" != 0 ]]; then
        ramp "$b" "warm-$b" "$start" 0 "${WARMUP_STEPS:-3}" 10s "fanout-warmup-$b"
        echo "batch=$b: warm-up (${WARMUP_STEPS:-3} x 10 s at $start msgs/s, not recorded) done"
    fi
    cpu0=$(cpu_seconds)
    sampler_mark
    ramp "$b" "fan-$b" "$start" "$step" "${MAX_STEPS:-20}" "${STEP_DURATION:-10s}" "fanout-$b"
    cpu1=$(cpu_seconds)
    if [[ "${JFR:-0}" == 1 ]]; then
        jcmd "$SERVER_PID" JFR.dump filename="$WORK/fanout-$b.jfr" >/dev/null && echo "JFR: $WORK/fanout-$b.jfr"
    fi
    conditions
    echo "batch=$b: drops and sends: $(curl -s "http://127.0.0.1:$SERVER_PORT/actuator/prometheus" | grep -E '^chat_connection_(drops|frames_out)_total|^chat_connection_fanout_latency_seconds_(count|sum|max)' | tr '\n' ' ')"
    echo "batch=$b: server CPU during the run $(echo "$cpu1 - $cpu0" | bc -l) s; $(sampler_report)"
    sed -n '/^Markdown/,$p' "$WORK/fanout-$b.out"
    grep -E "maxSustainedRate" "$WORK/fanout-$b.out" || true
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
done
