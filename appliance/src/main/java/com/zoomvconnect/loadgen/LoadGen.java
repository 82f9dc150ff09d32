package com.zoomvconnect.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load generator: one synthetic publisher (audio + VP8-shaped video) and N synthetic
 * subscribers join a meeting on a running appliance over loopback, doing ICE, DTLS-SRTP and
 * RTP/RTCP for real; prints received rate, loss, freezes, delay percentiles and the
 * appliance's CPU use. Bounded in time and count; stops by itself.
 *
 * <pre>java -cp zoomvconnect.jar com.zoomvconnect.loadgen.LoadGen --url https://localhost:8443
 *      --subscribers 50 --seconds 20 [--publishers 1] [--bitrate 500000] [--fps 30] [--server-pid PID]</pre>
 */
public final class LoadGen {
    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String url = a.getOrDefault("url", "https://localhost:8443");
        if (!url.startsWith("https://localhost") && !url.startsWith("https://127.")) {
            throw new IllegalArgumentException("the load generator only targets this machine (https://localhost or 127.x)");
        }
        int subscribers = Math.min(2000, Integer.parseInt(a.getOrDefault("subscribers", "10")));
        int publishers = Math.max(1, Math.min(100, Integer.parseInt(a.getOrDefault("publishers", "1"))));
        int seconds = Math.min(600, Integer.parseInt(a.getOrDefault("seconds", "20")));
        int bitrate = Integer.parseInt(a.getOrDefault("bitrate", "500000"));
        int fps = Integer.parseInt(a.getOrDefault("fps", "30"));
        long serverPid = Long.parseLong(a.getOrDefault("server-pid", "-1"));

        String token = account(url, a.getOrDefault("email", "loadgen@example.invalid"), a.getOrDefault("password", "loadgen-password"));
        String code = SignalClient.post(url, "/meetings", token, Map.of("title", "load test", "allowGuests", true)).path("code").asText();
        var delay = new LatencyHistogram();
        List<SyntheticSubscriber> subs = new ArrayList<>();
        List<SyntheticPublisher> pubs = new ArrayList<>();
        try {
            for (int i = 0; i < publishers; i++) {
                pubs.add(SyntheticPublisher.start(url, code, "publisher" + i, bitrate, fps));
            }
            int streams = 2 * publishers;
            for (int i = 0; i < subscribers; i++) {
                subs.add(SyntheticSubscriber.start(url, code, "sub" + i, delay));
                if (i % 20 == 19) {
                    Thread.sleep(200);
                }
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (subs.stream().anyMatch(s -> s.streamCount() < streams) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long connected = subs.stream().filter(s -> s.streamCount() == streams).count();
            Thread.sleep(2000); // settle: keyframes delivered
            long[] before = sum(subs);
            long cpuBefore = cpuTicks(serverPid);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            long cpuAfter = cpuTicks(serverPid);
            long[] after = sum(subs);
            subs.forEach(SyntheticSubscriber::stopMeasuring);
            double secs = elapsed / 1e9;
            long packets = after[0] - before[0];
            long lost = after[2] - before[2];
            double cpu = serverPid > 0 ? (cpuAfter - cpuBefore) / 100.0 / secs : Double.NaN;
            System.out.printf(Locale.ROOT, "publishers=%d subscribers=%d connected=%d seconds=%.1f bitrate=%d fps=%d%n",
                    publishers, subscribers, connected, secs, bitrate, fps);
            System.out.printf(Locale.ROOT, "received packets/s=%.0f (per subscriber %.1f)  Mbit/s=%.1f%n",
                    packets / secs, packets / secs / Math.max(1, connected), (after[1] - before[1]) * 8 / secs / 1e6);
            System.out.printf(Locale.ROOT, "loss=%.3f%%  freezes=%d  video frames/s per subscriber=%.1f%n",
                    100.0 * lost / Math.max(1, packets + lost), after[3] - before[3],
                    (after[4] - before[4]) / secs / Math.max(1, connected));
            System.out.printf(Locale.ROOT, "delay publisher->subscriber p50=%d us p99=%d us (n=%d, whole run)%n",
                    delay.percentile(50), delay.percentile(99), delay.count());
            if (serverPid > 0) {
                System.out.printf(Locale.ROOT, "appliance CPU=%.1f%% of one core, %.2f us CPU per forwarded packet%n",
                        cpu * 100, cpu * 1e6 / Math.max(1, packets / secs));
            }
        } finally {
            subs.forEach(SyntheticSubscriber::close);
            pubs.forEach(SyntheticPublisher::close);
        }
    }

    private static String account(String url, String email, String password) {
        try {
            return SignalClient.post(url, "/auth/login", null, Map.of("email", email, "password", password))
                    .path("accessToken").asText();
        } catch (IllegalStateException e) {
            return SignalClient.post(url, "/auth/register", null, Map.of("email", email, "password", password,
                    "displayName", "Load generator")).path("accessToken").asText();
        }
    }

    private static long[] sum(List<SyntheticSubscriber> subs) {
        long[] t = new long[5];
        for (var s : subs) {
            long[] x = s.totals();
            for (int i = 0; i < t.length; i++) {
                t[i] += x[i];
            }
        }
        return t;
    }

    /** utime + stime of a process in clock ticks (1/100 s), from /proc. */
    private static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Map<String, String> parse(String[] args) {
        var m = new java.util.HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
