# Sourced by the benchmark scripts here: starts an appliance for them and waits until it answers.
#
#   start_appliance JAR PORT DATA_DIR JVM_OPTIONS [NAME=VALUE...]
#
# Runs JAR on 127.0.0.1:PORT (media on PORT+1, TURN on PORT+2, no redirect port, no access log) with
# its data in DATA_DIR and its output in DATA_DIR/app.log, the JVM options (one string, split on
# spaces) and any further environment given as NAME=VALUE. Sets $pid; fails with the log's tail if
# the appliance does not answer within two minutes.
start_appliance() {
    local jar=$1 port=$2 data=$3 opts=$4
    shift 4
    local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
    # shellcheck disable=SC2086
    env ZVC_DATA_DIR="$data" ZVC_SERVER_HOST=127.0.0.1 ZVC_SERVER_PORT="$port" ZVC_MEDIA_PORT=$((port + 1)) \
        ZVC_SERVER_REDIRECT_PORT=-1 ZVC_ACCESS_LOG_LEVEL=OFF ZVC_TURN_PORT=$((port + 2)) "$@" \
        "$java" $opts --enable-native-access=ALL-UNNAMED --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED \
        -jar "$jar" >"$data/app.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
        curl -sk -o /dev/null "https://127.0.0.1:$port/" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    echo "the appliance did not start; its log:" >&2
    tail -20 "$data/app.log" >&2
    return 1
}
