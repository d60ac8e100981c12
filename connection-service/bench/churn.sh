#!/usr/bin/env bash
# Sustained joins + leaves per second on one instance (C pooled connections cycling join -> joined -> leave
# over ROOMS rooms) with p99 join latency, plus the server's CPU per join+leave.
#   J=20000 C=4000 ROOMS=100 D=60s connection-service/bench/churn.sh
# WARMUP (default 30s; 0 to skip) runs the same churn first, unrecorded, so the measured run meets a server whose
# JIT has compiled the join and leave paths (on one core the compiler competes with the event loops for a minute).
# Set JFR=1 to record a profile of the server during the run (printed path; `jfr print --events
# jdk.ExecutionSample` or JDK Mission Control).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
J="${J:-20000}"
C="${C:-4000}"
ROOMS="${ROOMS:-100}"
D="${D:-60s}"
WARMUP="${WARMUP:-30s}"
if [[ "${JFR:-0}" == 1 ]]; then
    SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$WORK/churn.jfr,settings=profile"
fi

# churn <duration> <output name>: one load generator run, into $WORK.
churn() {
    loadgen churn --rooms "$ROOMS" --joins-per-sec "$J" --duration "$1" --connections "$C" --sources 127.0.0.1-4 \
        --create-rooms false >"$WORK/$2.out" 2>"$WORK/$2.err" || true
}

start_redis
start_server --chorus.connection.limits.max-frames-per-second=1000
if [[ "$WARMUP" != 0 ]]; then
    churn "$WARMUP" churn-warmup
    echo "warm-up ($WARMUP, not recorded): $(grep -E "joinsPerSec" "$WORK/churn-warmup.out" | head -1 | tr -s ' ')"
fi
cpu0=$(cpu_seconds)
sampler_start joins_total
churn "$D" churn
cpu1=$(cpu_seconds)
if [[ "${JFR:-0}" == 1 ]]; then
    jcmd "$SERVER_PID" JFR.dump filename="$WORK/churn.jfr" >/dev/null && echo "JFR: $WORK/churn.jfr"
fi
conditions
echo "server CPU during the run: $(echo "$cpu1 - $cpu0" | bc -l) s; $(sampler_report "join + leave")"
grep -E "joinsPerSec|leavesPerSec|joinLatency|leaveLatency|failures|poolExhausted" "$WORK/churn.out" | head -8 || true
sed -n '/^Markdown/,$p' "$WORK/churn.out"
