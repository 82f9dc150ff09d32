package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Soak benchmark (on demand, not in the default suite; see docs/performance.md): an appliance
 * (embedded H2, in this JVM) with {@code rooms} meetings, each with one publisher and one steady
 * subscriber of the project's own WebRTC client, plus participants that join (with media) and
 * leave every few seconds, and a chat message every 2 s per room. Every {@code sample} seconds it
 * takes heap after a full GC, RSS, live threads, open file descriptors, pooled database connections
 * and open signaling sockets, and at the end fits a least-squares slope to each (after the first
 * sample, the warm-up). The load generator runs in the same JVM: its own clients are part of the
 * figures, but their number does not grow, so a slope still shows a leak.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SoakBenchmark \
 *     [-Dzvc.soak.minutes=5] [-Dzvc.soak.rooms=3] [-Dzvc.soak.sample=30]</pre>
 */
class SoakBenchmark {
    private static final int MINUTES = Integer.getInteger("zvc.soak.minutes", 5);
    private static final int ROOMS = Integer.getInteger("zvc.soak.rooms", 3);
    private static final int SAMPLE_SECONDS = Integer.getInteger("zvc.soak.sample", 30);
    /** Joining-and-leaving participants present per room at any time. */
    private static final int CHURNERS = 2;

    private record Sample(double minute, double heapMb, double rssMb, double threads, double fds, double dbConnections,
                          double sockets) {
        double get(int i) {
            return switch (i) {
                case 0 -> heapMb;
                case 1 -> rssMb;
                case 2 -> threads;
                case 3 -> fds;
                case 4 -> dbConnections;
                default -> sockets;
            };
        }
    }

    private static final String[] NAMES = {"heap after GC (MB)", "RSS (MB)", "threads", "file descriptors",
        "DB connections", "signaling sockets"};

    @Test
    void resourcesDoNotGrowUnderChurn() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String base = "https://localhost:" + a.httpsPort();
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "soak@example.com", "password", "password1",
                    "displayName", "Soak")).json().path("accessToken").asText();
            List<String> codes = new ArrayList<>();
            List<SyntheticPublisher> pubs = new ArrayList<>();
            List<SyntheticSubscriber> steady = new ArrayList<>();
            List<ArrayDeque<SyntheticSubscriber>> churn = new ArrayList<>();
            var delay = new LatencyHistogram();
            long joins = 0;
            long chats = 0;
            try {
                for (int r = 0; r < ROOMS; r++) {
                    String code = api.post("/api/v1/meetings", token, Map.of("title", "Soak " + r, "allowGuests", true))
                            .json().path("code").asText();
                    codes.add(code);
                    pubs.add(SyntheticPublisher.start(base, code, "pub" + r, 300_000, 15));
                    steady.add(SyntheticSubscriber.start(base, code, "steady" + r, delay));
                    churn.add(new ArrayDeque<>());
                }
                List<Sample> samples = new ArrayList<>();
                long start = System.nanoTime();
                long end = start + Duration.ofMinutes(MINUTES).toNanos();
                long nextSample = start;
                long nextChat = start;
                int tick = 0;
                while (System.nanoTime() < end) {
                    long now = System.nanoTime();
                    if (now >= nextSample) {
                        samples.add(sample(a, (now - start) / 60e9));
                        System.out.println("soak sample " + samples.getLast());
                        nextSample += SAMPLE_SECONDS * 1_000_000_000L;
                    }
                    if (now >= nextChat) {
                        for (var s : steady) {
                            s.send("chat", "text", "soak " + chats);
                        }
                        chats++;
                        nextChat += 2_000_000_000L;
                    }
                    // One room a tick: someone new joins with media, the longest present leaves.
                    int r = tick++ % ROOMS;
                    var q = churn.get(r);
                    q.add(SyntheticSubscriber.start(base, codes.get(r), "churn" + joins++, delay));
                    if (q.size() > CHURNERS) {
                        q.poll().close();
                    }
                    Thread.sleep(1000);
                }
                samples.add(sample(a, (System.nanoTime() - start) / 60e9));
                report(samples, steady, joins, chats);
            } finally {
                churn.forEach(q -> q.forEach(SyntheticSubscriber::close));
                steady.forEach(SyntheticSubscriber::close);
                pubs.forEach(SyntheticPublisher::close);
            }
        }
    }

    private static Sample sample(Appliance a, double minute) throws Exception {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        double rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        long fds;
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        var pool = ((HikariDataSource) a.database().dataSource()).getHikariPoolMXBean();
        return new Sample(minute, heap, rss, ManagementFactory.getThreadMXBean().getThreadCount(), fds,
                pool.getTotalConnections(), a.signal().metrics().openConnections());
    }

    private static void report(List<Sample> samples, List<SyntheticSubscriber> steady, long joins, long chats) {
        var steadyState = samples.subList(1, samples.size());
        var out = new StringBuilder(String.format(Locale.ROOT, "%nSoak: %d min, %d rooms, %d joins and leaves, %d chat messages%n",
                MINUTES, ROOMS, joins, chats * ROOMS));
        for (int i = 0; i < NAMES.length; i++) {
            int m = i;
            double first = steadyState.getFirst().get(m);
            double last = steadyState.getLast().get(m);
            double max = steadyState.stream().mapToDouble(s -> s.get(m)).max().orElse(0);
            out.append(String.format(Locale.ROOT, "  %-20s first %8.1f  last %8.1f  max %8.1f  slope %+8.3f /min%n", NAMES[i],
                    first, last, max, slope(steadyState, m)));
        }
        long packets = 0;
        long lost = 0;
        for (var s : steady) {
            long[] t = s.totals();
            packets += t[0];
            lost += t[2];
        }
        out.append(String.format(Locale.ROOT, "  steady subscribers: %d packets, %d lost (%.3f %%)%n", packets, lost,
                packets == 0 ? 0 : 100.0 * lost / (packets + lost)));
        System.out.println(out);
        assertTrue(packets > 0, "the steady subscribers received media");
    }

    /** Least-squares slope of metric {@code m} against minutes. */
    private static double slope(List<Sample> s, int m) {
        double n = s.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Sample p : s) {
            sx += p.minute();
            sy += p.get(m);
            sxx += p.minute() * p.minute();
            sxy += p.minute() * p.get(m);
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }
}
