#!/usr/bin/env bash
# The kernel's floor on this machine for the connection tier's two loopback benchmarks, in C with nothing but
# the system calls: one send per socket per fan-out pass (fanout-floor.c) and one read + one write per
# request (request-floor.c); floor.h holds what both share. Each pins its server to core 0 and its client to
# core 1 itself.
#   connection-service/bench/floor/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(mktemp -d /tmp/chorus-floor.XXXXXX)"
gcc -O2 -Wall -o "$OUT/fanout-floor" "$HERE/fanout-floor.c"
gcc -O2 -Wall -o "$OUT/request-floor" "$HERE/request-floor.c"
echo "conditions: $(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in 10 30 50; do
    "$OUT/fanout-floor" 10000 "$rate" 15 0 "${FANOUT_PORT:-29556}"
done
"$OUT/fanout-floor" 10000 30 15 1 "${FANOUT_PORT:-29556}"
"$OUT/fanout-floor" 1000 10 10 0 "${FANOUT_PORT:-29556}"
"$OUT/request-floor" 4000 10 0 "${REQUEST_PORT:-29555}"
"$OUT/request-floor" 4000 10 1 "${REQUEST_PORT:-29555}"
rm -rf "$OUT"
