#!/usr/bin/env bash
# Packets/s forwarded with 1 and with 2 (or more) media workers, in one run, as docs/performance.md
# reports it.
#
#   loadgen/bench/workers.sh JAR PORT "WORKER COUNTS" "SUBSCRIBER COUNTS" [LOADGEN OPTIONS...]
#   e.g. loadgen/bench/workers.sh appliance/target/zoomvconnect.jar 19443 "1 2" "300 500 700"
#
# For each worker count, starts JAR on 127.0.0.1:PORT (media PORT+1, TURN PORT+2) with ZVC_MEDIA_WORKERS set (JVM options in
# $JVM_OPTS, default -Xmx2g) and runs the load generator once per subscriber count (one publisher,
# $SECONDS_EACH seconds each, default 15; every 10th subscriber decrypts, the others count from the
# RTP header: --verify-every, $VERIFY_EVERY). Prints each run's report, prefixed with the worker
# count; the load averages before and after each run go with it. $LOADGEN_NICE runs the load generator
# under nice(1) with that niceness. Loopback only; bounded.
set -euo pipefail
jar=${1:?appliance jar}
port=${2:?https port}
workers=${3:?worker counts}
counts=${4:?subscriber counts}
shift 4
here=$(cd "$(dirname "$0")" && pwd)
loadgen=${LOADGEN_JAR:-$here/../target/zoomvconnect-loadgen.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# shellcheck source=appliance.sh
. "$here/appliance.sh"
for w in $workers; do
    data=$(mktemp -d)
    start_appliance "$jar" "$port" "$data" "${JVM_OPTS:--Xmx2g}" ZVC_MEDIA_WORKERS="$w"
    for n in $counts; do
        echo "== workers=$w subscribers=$n load before: $(cut -d' ' -f1-3 /proc/loadavg)"
        ${LOADGEN_NICE:+nice -n "$LOADGEN_NICE"} "$java" -Xmx3g -jar "$loadgen" --url "https://127.0.0.1:$port" --subscribers "$n" \
            --seconds "${SECONDS_EACH:-15}" --verify-every "${VERIFY_EVERY:-10}" --receive-threads "${RECEIVE_THREADS:-2}" --server-pid "$pid" "$@" \
            | sed "s/^/workers=$w /"
        echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
        sleep 5
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"
done
