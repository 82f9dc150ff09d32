package com.zoomvconnect.e2e;

import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.NodeProcess;
import com.zoomvconnect.testing.ProcessUse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The soak's load and its measurements (docs/performance.md, "Soak"): {@code rooms} meetings of 8
 * participants each — two simulcast publishers, three steady subscribers who switch the layer they
 * want every few seconds (the web client's {@code videoSizes}) and chat, and three who come and go
 * (one room a second: someone joins, the longest present leaves; joiners alternate between
 * subscribing and publishing) — and one meeting at a time recorded for half of every
 * {@code recordingPeriodSeconds}. The appliance runs in a process of its own ({@link NodeProcess});
 * every {@code sampleSeconds} the run takes that process's heap after a full GC, RSS, threads and
 * open file descriptors ({@link ProcessUse}), and its pooled database connections, open signaling
 * sockets and the SFU's packet caches from its {@code /metrics}. The load generator's clients run in
 * the caller's JVM and count in none of these. Not thread-safe: one run, on the caller's thread.
 */
final class SoakRun {
    static final String[] METRICS = {"heap after GC (MB)", "RSS (MB)", "threads (appliance JVM)", "file descriptors", "DB connections",
        "signaling sockets", "packet caches", "packet cache (MB)"};
    static final int HEAP = 0;
    static final int THREADS = 2;
    static final int FDS = 3;
    static final int DB = 4;
    static final int SOCKETS = 5;
    static final int CACHES = 6;
    /** Steady participants per room: two publishers, three subscribers. */
    private static final int PUBLISHERS = 2;
    private static final int STEADY = 3;
    /** Participants who come and go, present per room at any time. */
    private static final int CHURNERS = 3;
    private static final String OPEN_SOCKETS = "zvc_signal_connections";
    private static final String PACKET_CACHES = "zvc_sfu_packet_caches";
    /** Tile heights the steady subscribers pick from: the low, middle and high simulcast layer. */
    private static final int[] HEIGHTS = {150, 360, 720};

    /**
     * One sample: minutes since the start, each of {@link #METRICS}, and the signaling sockets and
     * packet caches that the participants present at that moment need.
     */
    record Sample(double minute, double[] values, boolean recording, int neededSockets, int neededCaches) {
        @Override
        public String toString() {
            var b = new StringBuilder(String.format(Locale.ROOT, "%5.2f min%s", minute, recording ? " (recording)" : ""));
            for (int i = 0; i < values.length; i++) {
                b.append(String.format(Locale.ROOT, "  %s %.1f", METRICS[i], values[i]));
            }
            return b.toString();
        }
    }

    /** What a run measured. */
    record Result(List<Sample> samples, int warmupSamples, long joins, long failedJoins, long chats, long layerRequests,
                  long layerSwitches,
                  int recordings, long steadyPackets, long steadyLost, long warmupPackets, long warmupLost,
                  long copiesSent, long tooOld) {
        List<Sample> steadyState() {
            return samples.subList(warmupSamples, samples.size());
        }

        /** Least-squares slope of metric {@code m} per minute over the steady state. */
        double slope(int m) {
            var s = steadyState();
            double n = s.size();
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (Sample p : s) {
                sx += p.minute();
                sy += p.values()[m];
                sxx += p.minute() * p.minute();
                sxy += p.minute() * p.values()[m];
            }
            double d = n * sxx - sx * sx;
            return d == 0 ? 0 : (n * sxy - sx * sy) / d;
        }

        /** The highest value of metric {@code m} over the first half of the steady state, and over the second. */
        double[] halfMaxima(int m) {
            var s = steadyState();
            int half = s.size() / 2;
            return new double[] {s.subList(0, half).stream().mapToDouble(p -> p.values()[m]).max().orElse(0),
                s.subList(half, s.size()).stream().mapToDouble(p -> p.values()[m]).max().orElse(0)};
        }

        /**
         * Copies the SFU dropped as too old after the warm-up, in percent of those it sent. Loss above counts the
         * gaps a subscriber sees, so a stream that stops altogether adds none: the SFU's own count of what it held
         * back does (until 2026-12-02 every copy after a source's 32 768th packet was dropped as too old).
         */
        double tooOldPercent() {
            return copiesSent + tooOld == 0 ? 0 : 100.0 * tooOld / (copiesSent + tooOld);
        }

        /** Packets lost by the steady subscribers after the warm-up, in percent of those expected. */
        double steadyLossPercent() {
            long packets = steadyPackets - warmupPackets;
            long lost = steadyLost - warmupLost;
            return packets + lost == 0 ? 0 : 100.0 * lost / (packets + lost);
        }

        String table(int minutes, int rooms, double loadBefore, double loadAfter) {
            var out = new StringBuilder(String.format(Locale.ROOT,
                    "%nSoak: %d min, %d rooms x 8, %d joins and leaves (%d did not connect), %d chat messages, %d layer requests (%d layer switches "
                            + "in the SFU), %d recordings; load average %.1f before, %.1f after%n", minutes, rooms, joins, failedJoins, chats,
                    layerRequests, layerSwitches, recordings,
                    loadBefore, loadAfter));
            var s = steadyState();
            for (int i = 0; i < METRICS.length; i++) {
                int m = i;
                out.append(String.format(Locale.ROOT, "  %-20s first %8.1f  last %8.1f  max %8.1f  slope %+8.3f /min%n",
                        METRICS[i], s.getFirst().values()[m], s.getLast().values()[m],
                        s.stream().mapToDouble(p -> p.values()[m]).max().orElse(0), slope(m)));
            }
            out.append(String.format(Locale.ROOT, "  steady subscribers after warm-up: %d packets, %d lost (%.3f %%); "
                            + "during warm-up %d lost of %d%n", steadyPackets - warmupPackets, steadyLost - warmupLost,
                    steadyLossPercent(), warmupLost, warmupPackets));
            out.append(String.format(Locale.ROOT, "  after warm-up the SFU sent %d copies and dropped %d as too old (%.3f %%)%n",
                    copiesSent, tooOld, tooOldPercent()));
            return out.toString();
        }
    }

    private final NodeProcess appliance;
    private final int rooms;
    private final long durationNanos;
    private final long sampleNanos;
    private final long recordingPeriodNanos;
    private final long warmupNanos;
    private final Random random = new Random(24);

    SoakRun(NodeProcess appliance, int rooms, double minutes, int sampleSeconds, int recordingPeriodSeconds, int warmupSeconds) {
        this.appliance = appliance;
        this.rooms = rooms;
        this.durationNanos = (long) (minutes * 60e9);
        this.sampleNanos = sampleSeconds * 1_000_000_000L;
        this.recordingPeriodNanos = recordingPeriodSeconds * 1_000_000_000L;
        this.warmupNanos = warmupSeconds * 1_000_000_000L;
    }

    /** A participant who comes and goes: a subscriber or a (single-layer) publisher. */
    private record Churner(AutoCloseable client, boolean publishes) {
    }

    Result run() throws Exception {
        NodeProcess a = appliance;
        var api = a.api();
        String base = "https://localhost:" + a.httpsPort();
        String token = api.post("/api/v1/auth/register", null, Map.of("email", "soak@example.com", "password", "password1",
                "displayName", "Soak")).json().path("accessToken").asText();
        List<String> codes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<List<SyntheticPublisher>> pubs = new ArrayList<>();
        List<SyntheticSubscriber> steady = new ArrayList<>();
        List<ArrayDeque<Churner>> churn = new ArrayList<>();
        var delay = new LatencyHistogram();
        long joins = 0;
        long chats = 0;
        long layerRequests = 0;
        long failedJoins = 0;
        int recordings = 0;
        int recordingRoom = -1;
        try {
            for (int r = 0; r < rooms; r++) {
                var meeting = api.post("/api/v1/meetings", token, Map.of("title", "Soak " + r, "allowGuests", true)).json();
                codes.add(meeting.path("code").asText());
                ids.add(meeting.path("id").asText());
                var roomPubs = new ArrayList<SyntheticPublisher>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    roomPubs.add(SyntheticPublisher.start(base, codes.get(r), "pub" + r + "." + p, 300_000, 15, true));
                }
                pubs.add(roomPubs);
                for (int s = 0; s < STEADY; s++) {
                    steady.add(SyntheticSubscriber.start(base, codes.get(r), "steady" + r + "." + s, delay));
                }
                churn.add(new ArrayDeque<>());
            }
            List<Sample> samples = new ArrayList<>();
            Files.deleteIfExists(Path.of("target", "soak-samples.txt"));
            int warmupSamples = -1;
            long[] atWarmup = null;
            long[] sfuAtWarmup = null;
            long start = System.nanoTime();
            long end = start + durationNanos;
            long nextSample = start;
            long nextChat = start;
            long nextRecordingChange = start;
            int tick = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    if (warmupSamples < 0 && now - start >= warmupNanos) {
                        warmupSamples = samples.size();
                        atWarmup = totals(steady);
                        sfuAtWarmup = sfuCopies(a);
                    }
                    samples.add(sample(a, (now - start) / 60e9, expectedCaches(churn), expectedSockets(churn), recordingRoom >= 0));
                    System.out.println("soak sample " + samples.getLast());
                    // Also as it goes (Surefire keeps a test's output until it ends): target/soak-samples.txt.
                    Files.writeString(Path.of("target", "soak-samples.txt"), "soak sample " + samples.getLast() + "\n",
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    nextSample += sampleNanos;
                    if (nextSample > end + sampleNanos / 2) {
                        break;
                    }
                }
                if (now >= nextRecordingChange) {
                    // Half of every period recorded, a different meeting each time (as a host does, over the REST API).
                    if (recordingRoom < 0) {
                        recordingRoom = recordings++ % rooms;
                        record(api, ids.get(recordingRoom), "start", 201);
                    } else {
                        record(api, ids.get(recordingRoom), "stop", 200);
                        recordingRoom = -1;
                    }
                    nextRecordingChange += recordingPeriodNanos / 2;
                }
                if (now >= nextChat) {
                    for (int r = 0; r < rooms; r++) {
                        steady.get(r * STEADY).send("chat", "text", "soak " + chats);
                    }
                    chats++;
                    nextChat += 2_000_000_000L;
                }
                // Each second one steady subscriber asks for another layer of each publisher in its room.
                int who = tick % steady.size();
                var sizes = new java.util.HashMap<String, Integer>();
                for (var p : pubs.get(who / STEADY)) {
                    sizes.put(p.participantId(), HEIGHTS[random.nextInt(HEIGHTS.length)]);
                }
                steady.get(who).send("videoSizes", "sizes", sizes);
                layerRequests++;
                // One room a second: someone new joins with media, the longest present leaves.
                int r = tick++ % rooms;
                var q = churn.get(r);
                boolean publishes = joins % 2 == 1;
                String name = "churn" + joins++;
                try {
                    q.add(publishes ? new Churner(SyntheticPublisher.start(base, codes.get(r), name, 300_000, 15), true)
                            : new Churner(SyntheticSubscriber.start(base, codes.get(r), name, delay), false));
                } catch (RuntimeException slow) {
                    // The client's own 20 s connect wait ran out on a starved machine: a timing, not a leak.
                    // It has closed itself; the samples' settling checks that its leave was seen.
                    failedJoins++;
                    System.out.println("soak: " + name + " did not connect: " + slow.getMessage());
                }
                if (q.size() > CHURNERS) {
                    q.poll().client().close();
                }
                Thread.sleep(1000);
            }
            if (recordingRoom >= 0) {
                record(api, ids.get(recordingRoom), "stop", 200);
            }
            long[] last = totals(steady);
            long[] sfuLast = sfuCopies(a);
            if (atWarmup == null) {
                throw new IllegalStateException("the run is shorter than its warm-up");
            }
            return new Result(samples, warmupSamples, joins, failedJoins, chats * rooms, layerRequests,
                    a.metrics().getOrDefault("zvc_sfu_layer_switches_total", 0.0).longValue(), recordings, last[0], last[2],
                    atWarmup[0], atWarmup[2], sfuLast[0] - sfuAtWarmup[0], sfuLast[1] - sfuAtWarmup[1]);
        } finally {
            for (var q : churn) {
                for (Churner c : q) {
                    c.client().close();
                }
            }
            steady.forEach(SyntheticSubscriber::close);
            pubs.forEach(l -> l.forEach(SyntheticPublisher::close));
        }
    }

    /** Starts or stops a recording as the owner, signing in afresh: the run outlasts an access token (15 min here). */
    private static void record(ApiClient api, String meetingId, String action, int status) {
        String token = api.post("/api/v1/auth/login", null, Map.of("email", "soak@example.com", "password", "password1"))
                .json().path("accessToken").asText();
        var r = api.post("/api/v1/meetings/" + meetingId + "/recording", token, Map.of("action", action));
        if (r.status() != status) {
            throw new IllegalStateException("recording " + action + " -> " + r.status() + " " + r.body());
        }
    }

    /** Packet caches the SFU should hold: four encodings (audio, three layers) per steady publisher, two per churning one. */
    private int expectedCaches(List<ArrayDeque<Churner>> churn) {
        int churning = churn.stream().mapToInt(q -> (int) q.stream().filter(Churner::publishes).count()).sum();
        return rooms * PUBLISHERS * 4 + churning * 2;
    }

    private int expectedSockets(List<ArrayDeque<Churner>> churn) {
        return rooms * (PUBLISHERS + STEADY) + churn.stream().mapToInt(ArrayDeque::size).sum();
    }

    /** The SFU's RTP copies sent and copies dropped as too old so far, from its metrics. */
    private static long[] sfuCopies(NodeProcess a) throws Exception {
        var m = a.metrics();
        return new long[] {m.getOrDefault("zvc_sfu_rtp_out_total", 0.0).longValue(),
            m.getOrDefault("zvc_sfu_down_drop_too_old_total", 0.0).longValue()};
    }

    private static long[] totals(List<SyntheticSubscriber> steady) {
        long[] sum = new long[5];
        for (var s : steady) {
            long[] t = s.totals();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += t[i];
            }
        }
        return sum;
    }

    /**
     * One sample. Leaves are asynchronous (the server sees a socket close a moment after the client
     * closes it), so first it waits up to 10 s for the sockets and packet caches to settle at what the
     * participants present need: a leak never settles, and is sampled as it is.
     */
    private static Sample sample(NodeProcess a, double minute, int caches, int sockets, boolean recording) throws Exception {
        long settle = System.nanoTime() + 10_000_000_000L;
        var m = a.metrics();
        while ((m.get(OPEN_SOCKETS) != sockets || m.get(PACKET_CACHES) != caches) && System.nanoTime() < settle) {
            Thread.sleep(200);
            m = a.metrics();
        }
        var use = ProcessUse.of(a.pid());
        return new Sample(minute, new double[] {use.heapAfterGcMb(), use.rssMb(), use.threads(), use.fds(),
            m.get("zvc_db_connections"), m.get(OPEN_SOCKETS), m.get(PACKET_CACHES), m.get("zvc_sfu_packet_cache_bytes") / 1048576.0},
            recording, sockets, caches);
    }
}
