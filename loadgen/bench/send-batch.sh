#!/usr/bin/env bash
# Batched fan-out sends against NIO, same jar, as docs/performance.md reports it ("The batched fan-out,
# measured"): one publisher to N (default 900) sink subscribers (every 10th decrypting), 10 s settle,
# 15 s window, with 2 and with 1 media workers, media.sendbatch off and on alternating (the order
# flips every round so neither setting always runs first), ROUNDS rounds (default 3); a fresh
# appliance for every run. Then, unless SIMULCAST=0, one run of one simulcast publisher to 1000
# subscribers on the 360p layer with media.sendbatch on and 2 workers. Loopback, bounded.
#   [JAR=/abs/zoomvconnect.jar] [N=900] [ROUNDS=3] [SIMULCAST=1] loadgen/bench/send-batch.sh
set -euo pipefail
export PATH=${JAVA_HOME:+$JAVA_HOME/bin:}$PATH
cd "$(dirname "$0")/../.."
JAR=${JAR:-appliance/target/zoomvconnect.jar}
N=${N:-900}
LOADGEN_JAR=${LOADGEN_JAR:-loadgen/target/zoomvconnect-loadgen.jar}
export LOADGEN_JAR
run() { # BATCH WORKERS SUBSCRIBERS [LOADGEN OPTIONS...]
  local batch=$1 w=$2 n=$3
  shift 3
  echo "#### sendbatch=$batch workers=$w $(date -u +%H:%M:%S) uptime: $(uptime)"
  ZVC_MEDIA_SENDBATCH=$batch loadgen/bench/workers.sh "$JAR" 19943 "$w" "$n" --others sink --settle 10 "$@" \
    | sed "s/^/sendbatch=$batch /"
}
for round in $(seq 1 "${ROUNDS:-3}"); do
  if [ $((round % 2)) = 1 ]; then order="false true"; else order="true false"; fi
  for w in 2 1; do
    for b in $order; do
      run "$b" "$w" "$N"
    done
  done
done
if [ "${SIMULCAST:-1}" != 0 ]; then
  run true 2 1000 --simulcast true --bitrate 1500000 --tile-height 360
fi
echo "#### done $(date -u +%H:%M:%S) uptime: $(uptime)"
