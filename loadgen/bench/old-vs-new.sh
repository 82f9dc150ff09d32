#!/usr/bin/env bash
# The old jar against the new one, as docs/performance.md reports it: one publisher to N (default 900)
# sink subscribers, each jar in turn (the new one with 1 and 2 media workers), two rounds, whole-process
# CPU per forwarded packet from the load generator; then the raw UDP relay twice. Loopback, bounded.
#   OLD=/abs/old.jar [NEW=/abs/new.jar] [N=900] loadgen/bench/old-vs-new.sh   (jars: absolute paths)
set -euo pipefail
export PATH=${JAVA_HOME:+$JAVA_HOME/bin:}$PATH
cd "$(dirname "$0")/../.."
OLD=${OLD:?old appliance jar}
NEW=${NEW:-appliance/target/zoomvconnect.jar}
N=${N:-900}
for round in 1 2; do
  echo "#### round $round $(date -u +%H:%M:%S)"
  LOADGEN_JAR=loadgen/target/zoomvconnect-loadgen.jar loadgen/bench/workers.sh $OLD 19943 "1" "$N" --others sink --settle 10 | sed "s/^/old /"
  LOADGEN_JAR=loadgen/target/zoomvconnect-loadgen.jar loadgen/bench/workers.sh $NEW 19943 "1 2" "$N" --others sink --settle 10 | sed "s/^/new /"
done
for round in 1 2; do
  echo "#### raw relay $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp loadgen/target/zoomvconnect-loadgen.jar com.zoomvconnect.loadgen.RawRelayBench --receivers 1000 --pps 80 --seconds 15
done
echo "#### done $(date -u +%H:%M:%S)"
