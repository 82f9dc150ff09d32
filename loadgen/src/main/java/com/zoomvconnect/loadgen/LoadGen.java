package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.client.SharedReceiver;
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
 *      --subscribers 50 --seconds 20 [--publishers 1] [--bitrate 500000] [--fps 30] [--server-pid PID]
 *      [--simulcast true] [--tile-height 180] [--expect-video 9] [--verify-every 10] [--receive-threads 2]
 *      [--others count|sink] [--settle 3] [--pace 2.5]</pre>
 *
 * With {@code --verify-every K} only every K-th subscriber decrypts and checks what it receives
 * (and measures delay); the others count packets, loss, frames and freezes from the RTP header,
 * which SRTP leaves in clear. On a machine whose cores the generator shares with the appliance, this
 * keeps the generator's CPU per packet well below the SFU's, so a run measures the SFU. With
 * {@code --receive-threads T}, T platform threads receive for all subscribers (a selector each)
 * instead of a virtual thread per subscriber blocked in {@code receive}, which costs a wake-up per packet.
 * With {@code --others sink} the subscribers that do not decrypt stop reading their sockets once
 * connected (the kernel drops what reaches them), so the generator costs next to nothing per packet
 * and the SFU has the machine's cores; then the SFU's own count of packets sent is the forwarded
 * rate, and loss and delay come from the decrypting subscribers.
 *
 * The measured window starts {@code --settle} seconds (default 3) after every subscriber is
 * connected: long enough for keyframes and layer switches, and, near saturation, for the backlog
 * that built up while hundreds of subscribers joined to drain (a queue that has not drained shows
 * as a publisher-to-subscriber delay of hundreds of milliseconds and a sent rate above the steady one).
 *
 * <p>With {@code --pace F} publishers pace their video at F times their total rate, as browsers
 * do (libwebrtc: 2.5); without it a frame's packets, every layer's, leave back to back.
 *
 * <p>With {@code --simulcast true} publishers send three layers (bitrate is the top one's); with
 * {@code --tile-height} every subscriber reports that tile height for every publisher, so the
 * SFU forwards the matching layer (180: q). Publishers also subscribe to each other, as in a
 * meeting. The in-SFU forwarding delay comes from the appliance's {@code /metrics} histogram.
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
        boolean simulcast = Boolean.parseBoolean(a.getOrDefault("simulcast", "false"));
        int tileHeight = Integer.parseInt(a.getOrDefault("tile-height", "0"));
        int verifyEvery = Math.max(1, Integer.parseInt(a.getOrDefault("verify-every", "1")));
        int receiveThreads = Math.max(0, Integer.parseInt(a.getOrDefault("receive-threads", "0")));
        boolean sinks = "sink".equals(a.getOrDefault("others", "count"));
        int settle = Math.max(0, Math.min(120, Integer.parseInt(a.getOrDefault("settle", "3"))));
        double pace = Math.max(0, Double.parseDouble(a.getOrDefault("pace", "0")));

        String token = account(url, a.getOrDefault("email", "loadgen@example.invalid"), a.getOrDefault("password", "loadgen-password"));
        String code = SignalClient.post(url, "/meetings", token, Map.of("title", "load test", "allowGuests", true)).path("code").asText();
        var delay = new LatencyHistogram();
        List<SyntheticSubscriber> subs = new ArrayList<>();
        List<SyntheticPublisher> pubs = new ArrayList<>();
        List<SharedReceiver> receivers = new ArrayList<>();
        for (int i = 0; i < receiveThreads; i++) {
            receivers.add(new SharedReceiver("loadgen-rx-" + i));
        }
        try {
            for (int i = 0; i < publishers; i++) {
                pubs.add(SyntheticPublisher.start(url, code, "publisher" + i, bitrate, fps, simulcast));
                pubs.get(i).pace(pace);
            }
            // Audio from every publisher; video from all of them, or from last-N of them (--expect-video).
            int streams = publishers + Math.min(publishers, Integer.parseInt(a.getOrDefault("expect-video", "" + publishers)));
            Map<String, Integer> tileSizes = new java.util.HashMap<>();
            pubs.forEach(p -> tileSizes.put(p.participantId(), tileHeight));
            for (int i = 0; i < subscribers; i++) {
                var sub = SyntheticSubscriber.start(url, code, "sub" + i, delay, i % verifyEvery == 0,
                        receivers.isEmpty() ? null : receivers.get(i % receivers.size()));
                if (sinks && i % verifyEvery != 0) {
                    sub.sink();
                }
                if (tileHeight > 0) {
                    // As a browser does once its tiles render: no subscriber ever starts on the top layer.
                    sub.send("videoSizes", "sizes", tileSizes);
                }
                subs.add(sub);
                if (i % 20 == 19) {
                    Thread.sleep(200);
                }
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            java.util.function.Predicate<SyntheticSubscriber> ready = s -> s.isSink() ? s.isConnected() : s.streamCount() >= streams;
            while (!subs.stream().allMatch(ready) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long connected = subs.stream().filter(ready).count();
            for (int i = 0; i < subs.size(); i++) {
                if (!ready.test(subs.get(i))) {
                    System.err.printf(Locale.ROOT, "loadgen: sub%d not ready after 60 s: %s%n", i, subs.get(i).state());
                }
            }
            long measuring = subs.stream().filter(s -> !s.isSink() && s.streamCount() >= streams).count();
            Thread.sleep(settle * 1000L); // keyframes delivered, layers switched, the joins' backlog drained
            long[] before = sum(subs);
            long cpuBefore = cpuTicks(serverPid);
            long mediaCpuBefore = mediaThreadTicks(serverPid);
            long mediaSysBefore = sum(mediaThreadTicksByThread(serverPid, true));
            Map<String, Long> threadsBefore = mediaThreadTicksByThread(serverPid);
            long ownCpuBefore = cpuTicks(ProcessHandle.current().pid());
            long[] delayBefore = forwardingDelay(url);
            Map<String, Long> sfuBefore = sfuCounters(url);
            delay.reset();
            // On stderr, unbuffered, for whoever profiles the appliance during the window (docs/performance.md).
            System.err.printf(Locale.ROOT, "loadgen: measured window starts, %d s%n", seconds);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            long cpuAfter = cpuTicks(serverPid);
            long mediaCpuAfter = mediaThreadTicks(serverPid);
            long mediaSysAfter = sum(mediaThreadTicksByThread(serverPid, true));
            Map<String, Long> threadsAfter = mediaThreadTicksByThread(serverPid);
            long ownCpuAfter = cpuTicks(ProcessHandle.current().pid());
            long[] delayAfter = forwardingDelay(url);
            Map<String, Long> sfuAfter = sfuCounters(url);
            long[] after = sum(subs);
            subs.forEach(SyntheticSubscriber::stopMeasuring);
            double secs = elapsed / 1e9;
            long packets = after[0] - before[0];
            long lost = after[2] - before[2];
            double cpu = serverPid > 0 ? (cpuAfter - cpuBefore) / 100.0 / secs : Double.NaN;
            System.out.printf(Locale.ROOT, "publishers=%d subscribers=%d connected=%d seconds=%.1f bitrate=%d fps=%d"
                    + " decrypting=%d pace=%s%n", publishers, subscribers, connected, secs, bitrate, fps,
                    (subscribers + verifyEvery - 1) / verifyEvery, pace > 0 ? pace + "x" : "none");
            System.out.printf(Locale.ROOT, "received packets/s=%.0f (per measuring subscriber %.1f, %d measuring)  Mbit/s=%.1f%n",
                    packets / secs, packets / secs / Math.max(1, measuring), measuring, (after[1] - before[1]) * 8 / secs / 1e6);
            double sent = (sfuAfter.getOrDefault("rtp_out", 0L) - sfuBefore.getOrDefault("rtp_out", 0L)) / secs;
            System.out.printf(Locale.ROOT, "SFU sent packets/s=%.0f  fan-out overload drops/s=%.0f%n", sent,
                    (sfuAfter.getOrDefault("down_drop_fan_out_overload", 0L) - sfuBefore.getOrDefault("down_drop_fan_out_overload", 0L)) / secs);
            System.out.printf(Locale.ROOT, "loss=%.3f%%  freezes=%d  video frames/s per subscriber=%.1f%n",
                    100.0 * lost / Math.max(1, packets + lost), after[3] - before[3],
                    (after[4] - before[4]) / secs / Math.max(1, measuring));
            System.out.printf(Locale.ROOT, "delay publisher->subscriber p50=%d us p99=%d us (n=%d, measured window)%n",
                    delay.percentile(50), delay.percentile(99), delay.count());
            long[] window = new long[delayAfter.length];
            for (int i = 0; i < window.length; i++) {
                window[i] = delayAfter[i] - delayBefore[i];
            }
            System.out.printf(Locale.ROOT, "in-SFU forwarding delay (socket in -> socket out) p50=%.0f us p99=%.0f us p99.9=%.0f us%n",
                    com.zoomvconnect.media.sfu.ForwardingDelay.percentile(window, 50),
                    com.zoomvconnect.media.sfu.ForwardingDelay.percentile(window, 99),
                    com.zoomvconnect.media.sfu.ForwardingDelay.percentile(window, 99.9));
            if (serverPid > 0) {
                double mediaCpu = (mediaCpuAfter - mediaCpuBefore) / 100.0 / secs;
                long rss = rssKiB(serverPid);
                System.out.printf(Locale.ROOT, "appliance CPU=%.1f%% of one core (media thread %.1f%%), %.2f us CPU per"
                        + " forwarded packet (media thread %.2f us)%n", cpu * 100, mediaCpu * 100,
                        cpu * 1e6 / Math.max(1, sent), mediaCpu * 1e6 / Math.max(1, sent));
                System.out.printf(Locale.ROOT, "appliance RSS=%.1f MiB (%.0f KiB per participant)%n", rss / 1024.0,
                        (double) rss / Math.max(1, publishers + subscribers));
                double mediaSys = (mediaSysAfter - mediaSysBefore) / 100.0 / secs;
                System.out.printf(Locale.ROOT, "media threads in the kernel (system time): %.1f%% of one core, %.2f us"
                        + " per forwarded packet; in the JVM (user time): %.2f us%n", mediaSys * 100,
                        mediaSys * 1e6 / Math.max(1, sent), (mediaCpu - mediaSys) * 1e6 / Math.max(1, sent));
                var share = new StringBuilder("media threads (% of one core):");
                threadsAfter.forEach((name, ticks) -> share.append(String.format(Locale.ROOT, " %s=%.1f%%", name,
                        (ticks - threadsBefore.getOrDefault(name, 0L)) / secs)));
                System.out.println(share);
            }
            System.out.printf(Locale.ROOT, "load generator CPU=%.1f%% of one core%n", (ownCpuAfter - ownCpuBefore) / secs);
        } finally {
            subs.forEach(SyntheticSubscriber::close);
            pubs.forEach(SyntheticPublisher::close);
            receivers.forEach(SharedReceiver::close);
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

    /** The SFU's counters ({@code zvc_sfu_<name>_total} on the Prometheus page), by name. */
    static Map<String, Long> sfuCounters(String url) {
        var m = new java.util.HashMap<String, Long>();
        for (String line : SignalClient.getText(url, "/metrics").split("\n")) {
            // zvc_sfu_<name>_total{scope="application",} 123.0
            int end = line.indexOf("_total");
            if (line.startsWith("zvc_sfu_") && end > 0 && !line.contains("le=\"")) {
                String name = line.substring("zvc_sfu_".length(), end);
                m.put(name, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return m;
    }

    /** The appliance's cumulative forwarding-delay buckets, from its Prometheus page. */
    static long[] forwardingDelay(String url) {
        long[] bounds = com.zoomvconnect.media.sfu.ForwardingDelay.BOUNDS_US;
        long[] cumulative = new long[bounds.length + 1];
        for (String line : SignalClient.getText(url, "/metrics").split("\n")) {
            if (!line.startsWith("zvc_sfu_forwarding_delay_us_bucket")) {
                continue;
            }
            int q = line.indexOf("le=\"");
            if (q < 0) {
                continue;
            }
            String le = line.substring(q + 4, line.indexOf('"', q + 4));
            long v = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            int i = le.equals("+Inf") ? bounds.length : java.util.Arrays.binarySearch(bounds, (long) Double.parseDouble(le));
            if (i >= 0) {
                cumulative[i] = v;
            }
        }
        long[] counts = new long[cumulative.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        }
        return counts;
    }

    /** CPU ticks of the appliance's media threads (workers named media-udp-PORT, fan-out helpers media-fanout-N). */
    static long mediaThreadTicks(long pid) {
        return sum(mediaThreadTicksByThread(pid));
    }

    private static long sum(Map<String, Long> ticks) {
        return ticks.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same per thread, keyed by name and thread id. */
    static Map<String, Long> mediaThreadTicksByThread(long pid) {
        return mediaThreadTicksByThread(pid, false);
    }

    /** User and system time per media thread, or with {@code systemOnly} the time in the kernel only. */
    static Map<String, Long> mediaThreadTicksByThread(long pid, boolean systemOnly) {
        var m = new java.util.TreeMap<String, Long>();
        if (pid <= 0) {
            return m;
        }
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (comm.startsWith("media-udp") || comm.startsWith("media-fanout")) {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        m.put(comm + "/" + t.getFileName(), (systemOnly ? 0 : Long.parseLong(f[11])) + Long.parseLong(f[12]));
                    }
                } catch (java.io.IOException e) {
                    // thread ended
                }
            }
        } catch (java.io.IOException e) {
            return m;
        }
        return m;
    }

    static long rssKiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
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
