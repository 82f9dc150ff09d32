#!/usr/bin/env bash
# Resident memory of an appliance, idle and under load, as docs/performance.md reports it.
#
#   loadgen/bench/memory.sh JAR PORT [SUBSCRIBERS]
#
# Starts JAR on 127.0.0.1:PORT (media on PORT+1, TURN on PORT+2, a fresh data directory) with the JVM options in
# $JVM_OPTS (default: the packaged service's), waits until it answers, then samples VmRSS every
# 10 s for $IDLE_SECONDS (default 120) and prints the last sample. With SUBSCRIBERS, it then runs
# the load generator (one publisher, SUBSCRIBERS counting subscribers, $LOAD_SECONDS, default 40)
# against it and prints the generator's report, whose "appliance RSS" line is the loaded figure.
# Stops the appliance at the end. Loopback only; bounded in time.
set -euo pipefail
jar=${1:?appliance jar}
port=${2:?https port}
subscribers=${3:-0}
here=$(cd "$(dirname "$0")" && pwd)
loadgen=${LOADGEN_JAR:-$here/../target/zoomvconnect-loadgen.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
opts=${JVM_OPTS:-$(sed -n 's/.*ZVC_JAVA_OPTS:-\([^}]*\)}.*/\1/p' "$here/../../packaging/src/common/bin/zoomvconnect")}
data=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$data"' EXIT
# shellcheck source=appliance.sh
. "$here/appliance.sh"
start_appliance "$jar" "$port" "$data" "$opts"
rss() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
echo "options: $opts"
for s in $(seq 10 10 "${IDLE_SECONDS:-120}"); do
    sleep 10
    echo "idle ${s}s: RSS $(rss) MiB"
done
if [ "$subscribers" -gt 0 ]; then
    "$java" -Xmx3g -jar "$loadgen" --url "https://127.0.0.1:$port" --subscribers "$subscribers" \
        --seconds "${LOAD_SECONDS:-40}" --verify-every "${VERIFY_EVERY:-10}" --receive-threads 2 --server-pid "$pid"
fi
