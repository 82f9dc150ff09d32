#!/usr/bin/env bash
# The old jar against the new one, as docs/performance.md reports it: one publisher to N (default 900)
# sink subscribers, each jar in turn (the old one with 1 media worker, the new one with NEW_WORKERS,
# default "1 2"), ROUNDS rounds (default 2), whole-process CPU per forwarded packet from the load
# generator; then the raw UDP relay twice (RELAY=0 skips it). MID, a third jar, runs between them
# with the new one's worker counts (e.g. the commit before a change). Environment such as
# ZVC_MEDIA_SENDBATCH=true reaches every appliance (a jar without the key ignores it). Loopback, bounded.
#   OLD=/abs/old.jar [MID=/abs/mid.jar] [NEW=/abs/new.jar] [N=900] [ROUNDS=2] [NEW_WORKERS="1 2"] loadgen/bench/old-vs-new.sh
set -euo pipefail
export PATH=${JAVA_HOME:+$JAVA_HOME/bin:}$PATH
cd "$(dirname "$0")/../.."
OLD=${OLD:?old appliance jar}
NEW=${NEW:-appliance/target/zoomvconnect.jar}
N=${N:-900}
export LOADGEN_JAR=${LOADGEN_JAR:-loadgen/target/zoomvconnect-loadgen.jar}
for round in $(seq 1 "${ROUNDS:-2}"); do
  echo "#### round $round $(date -u +%H:%M:%S)"
  loadgen/bench/workers.sh "$OLD" 19943 "1" "$N" --others sink --settle 10 | sed "s/^/old /"
  if [ -n "${MID:-}" ]; then
    loadgen/bench/workers.sh "$MID" 19943 "${NEW_WORKERS:-1 2}" "$N" --others sink --settle 10 | sed "s/^/mid /"
  fi
  loadgen/bench/workers.sh "$NEW" 19943 "${NEW_WORKERS:-1 2}" "$N" --others sink --settle 10 | sed "s/^/new /"
done
if [ "${RELAY:-1}" != 0 ]; then
  for round in 1 2; do
    echo "#### raw relay $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$LOADGEN_JAR" com.zoomvconnect.loadgen.RawRelayBench --receivers 1000 --pps 80 --seconds 15
  done
fi
echo "#### done $(date -u +%H:%M:%S)"
