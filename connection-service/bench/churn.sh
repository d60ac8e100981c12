#!/usr/bin/env bash
# Sustained joins + leaves per second on one instance (C pooled connections cycling join -> joined -> leave
# over ROOMS rooms) with p99 join latency, plus the server's CPU per join+leave.
#   J=20000 C=4000 ROOMS=100 D=60s connection-service/bench/churn.sh
# WARMUP (default 60s; 0 to skip) runs the same churn first on the same connections (the generator's --warmup),
# unrecorded, so the measured run meets a server whose JIT has compiled the join and leave paths (on one core the
# compiler competes with the event loops for minutes; a second generator run would reconnect 4,000 connections
# and set it to work again).
# Set JFR=1 to record a profile of the server during the run (printed path; `jfr print --events
# jdk.ExecutionSample` or JDK Mission Control).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
J="${J:-20000}"
C="${C:-4000}"
ROOMS="${ROOMS:-100}"
D="${D:-60s}"
WARMUP="${WARMUP:-60s}"
if [[ "${JFR:-0}" == 1 ]]; then
    SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$WORK/churn.jfr,settings=profile"
fi

start_redis
start_server --chorus.connection.limits.max-frames-per-second=1000
sampler_start joins_total
start_churn
grep -h "Churn warm-up" "$WORK/loadgen.err" | sed 's/.*Churn warm-up/warm-up/' || true
cpu0=$(cpu_seconds)
sampler_mark
wait "$LOADGEN_PID" || true
cpu1=$(cpu_seconds)
cp "$WORK/loadgen.out" "$WORK/churn.out"
if [[ "${JFR:-0}" == 1 ]]; then
    jcmd "$SERVER_PID" JFR.dump filename="$WORK/churn.jfr" >/dev/null && echo "JFR: $WORK/churn.jfr"
fi
conditions
echo "server CPU during the run: $(echo "$cpu1 - $cpu0" | bc -l) s; $(sampler_report "join + leave")"
grep -E "joinsPerSec|leavesPerSec|joinLatency|leaveLatency|failures|poolExhausted" "$WORK/churn.out" | head -8 || true
sed -n '/^Markdown/,$p' "$WORK/churn.out"
