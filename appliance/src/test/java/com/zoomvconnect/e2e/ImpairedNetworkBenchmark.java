package com.zoomvconnect.e2e;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.e2e.ImpairedLink.Condition;
import com.zoomvconnect.media.bwe.ProbeOutcome;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.DelayLine;
import com.zoomvconnect.testing.NetNamespace;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Impaired-network matrix (on demand, 6 to 11 minutes; needs root, iproute2, nftables and socat;
 * see docs/performance.md): Ann publishes 720p simulcast at 30 fps with audio from the host; Bob's
 * Chromium runs in a network namespace behind a veth pair, his media through a {@link DelayLine},
 * and pins Ann (he wants her top layer). After a clean warm-up that sets the reference frame rate
 * and height, Bob's link suffers each {@link Condition} in turn (30 s, the blackout 5 s); between
 * two, the link is clean until his video is back at the reference (at most 45 s). From Bob's {@code getStats()} every 200 ms it reports per condition: freezes,
 * the longest time without a new frame, frame rate and height while impaired (does video step down
 * by layer before it freezes?), audio concealment, and how long after the impairment lifted video
 * ran at the reference height and at least 80 % of the reference frame rate again.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ImpairedNetworkBenchmark</pre>
 * {@code -Dzvc.impair.only=DOWN_300K,BLACKOUT_5S} runs a subset.
 */
class ImpairedNetworkBenchmark implements BrowserTest {
    private static final int WARM_UP_S = 25;
    private static final int SETTLE_S = 45;

    @Test
    void matrix() throws Exception {
        List<Condition> conditions = conditions();
        List<Chromium> browsers = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        StringBuilder timelines = new StringBuilder();
        NetNamespace ns = NetNamespace.create(); // first: the SFU then announces its link's address
        DelayLine delay = null;
        ImpairedLink link = null;
        try (Appliance a = TestAppliance.startH2OnAllInterfaces()) {
            delay = new DelayLine(new InetSocketAddress(ns.hostAddress(), 0), new InetSocketAddress(ns.hostAddress(), a.sfu().port()));
            ns.redirectUdp(a.sfu().port(), delay.port());
            link = new ImpairedLink(ns, delay);
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "imp@example.com", "password", "password1",
                    "displayName", "Imp")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Impaired", "allowGuests", true)).json()
                    .path("code").asText();
            Chromium pub = Chromium.launch("--use-fake-device-for-media-stream=fps=30");
            browsers.add(pub);
            CdpPage ann = pub.newPage("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=Ann&autojoin=1&res=720");
            ann.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
            Chromium viewer = ns.chromium("--use-fake-device-for-media-stream=fps=30");
            browsers.add(viewer);
            CdpPage bob = viewer.newPage("https://" + ns.hostAddress() + ":" + a.httpsPort() + "/j/" + code
                    + "?name=Bob&autojoin=1&res=360&muted=1");
            bob.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(40));
            bob.waitFor("(async () => (await window.zvc.room.snapshot()).remote.some(r => r.kind === 'video' && r.framesDecoded > 10))()",
                    Duration.ofSeconds(40));
            bob.evaluate("document.querySelector('.tile:not(.self)').click(); true"); // pin Ann: wants the top layer
            bob.evaluate(ReceiverTrace.SAMPLER);
            String bobId = bob.evaluate("window.zvc.room.self.id").asText();
            var trace = new ReceiverTrace();
            var estimates = new ArrayList<double[]>(); // page time, SFU's downlink estimate for Bob (bit/s)

            tick(WARM_UP_S, bob, a, bobId, estimates);
            trace.add(bob.evaluate(ReceiverTrace.DRAIN));
            double now = bob.evaluate("performance.now()").asDouble();
            double refFps = (trace.fps(now) + trace.fps(now - 1000) + trace.fps(now - 2000)) / 3;
            int refHeight = trace.at(now).height();
            table.append(String.format(Locale.ROOT, "Reference (clean, after %d s): %.1f fps at %dp; delay line relayed %d datagrams.%n%n",
                    WARM_UP_S, refFps, refHeight, delay.forwarded()));
            table.append("| condition | started from | video loss | freezes (s) | longest without a frame | first step down / first freeze |"
                    + " while impaired (last 10 s) | lowest height | audio concealed | longest audio gap | first frame after | fps back after |"
                    + " reference back after | layer switches, keyframe requests, probe clusters (raised / raised saturated / no rise / unmeasured / lost / strained / given up) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            double[] on = new double[conditions.size()];
            double[] off = new double[conditions.size()];
            double[] settled = new double[conditions.size()];
            List<Map<String, Long>> counters = new ArrayList<>();
            for (int i = 0; i < conditions.size(); i++) {
                Condition c = conditions.get(i);
                settled[i] = settle(bob, a, bobId, estimates, trace, refFps, refHeight);
                counters.add(a.sfu().counters().snapshot());
                on[i] = bob.evaluate("performance.now()").asDouble();
                link.apply(c);
                tick(c.seconds, bob, a, bobId, estimates);
                link.clear();
                off[i] = bob.evaluate("performance.now()").asDouble();
            }
            settle(bob, a, bobId, estimates, trace, refFps, refHeight);
            counters.add(a.sfu().counters().snapshot());
            double last = bob.evaluate("performance.now()").asDouble();
            for (int i = 0; i < conditions.size(); i++) {
                double end = i + 1 < conditions.size() ? on[i + 1] : last;
                table.append(row(conditions.get(i), trace, settled[i], on[i], off[i], end, refFps, refHeight, counters.get(i),
                        counters.get(i + 1)));
                timelines.append(timeline(conditions.get(i), trace, estimates, on[i], off[i], end));
            }
            table.append(String.format(Locale.ROOT, "%nSFU counters at the end: %s%n", a.sfu().counters().snapshot()));
            List<String> log = bob.consoleLog();
            table.append(String.format(Locale.ROOT, "Bob's console: %d lines; state %s%n", log.size(),
                    bob.evaluate("window.zvc?.room?.state ?? 'none'").asText()));
        } finally {
            browsers.forEach(Chromium::close);
            if (link != null) {
                link.clear();
            }
            if (delay != null) {
                delay.close();
            }
            ns.close();
        }
        String report = table + "\n" + timelines;
        System.out.println(report);
        Files.writeString(Path.of("target", "impaired-network.md"), report);
    }

    private static List<Condition> conditions() {
        String only = System.getProperty("zvc.impair.only", "");
        return only.isBlank() ? List.of(Condition.values())
                : Arrays.stream(only.split(",")).map(String::trim).map(Condition::valueOf).toList();
    }

    /** Waits {@code seconds}, noting the SFU's downlink estimate for Bob each second. */
    private static void tick(int seconds, CdpPage bob, Appliance a, String bobId, List<double[]> estimates) throws Exception {
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1000);
            estimates.add(new double[] {bob.evaluate("performance.now()").asDouble(),
                    a.sfu().downlinkEstimates().getOrDefault(bobId, -1L)});
        }
    }

    /**
     * Waits (at most {@link #SETTLE_S} seconds) until Bob has decoded at the reference height and
     * at least 80 % of the reference frame rate for two seconds; returns the seconds waited, or NaN
     * if video was not back by then.
     */
    private static double settle(CdpPage bob, Appliance a, String bobId, List<double[]> estimates, ReceiverTrace trace,
                                 double refFps, int refHeight) throws Exception {
        for (int s = 1; s <= SETTLE_S; s++) {
            tick(1, bob, a, bobId, estimates);
            trace.add(bob.evaluate(ReceiverTrace.DRAIN));
            double now = bob.evaluate("performance.now()").asDouble();
            if (s >= 3 && !Double.isNaN(trace.recovered(now - 3000, now, 0.8 * refFps, refHeight))) {
                return s;
            }
        }
        return Double.NaN;
    }

    private static String row(Condition c, ReceiverTrace tr, double settled, double on, double off, double end, double refFps,
                              int refHeight, Map<String, Long> before, Map<String, Long> after) {
        var s0 = tr.at(on);
        var s1 = tr.at(end);
        double lost = s1.videoLost() - s0.videoLost();
        double lossPct = 100 * lost / Math.max(1, lost + s1.videoReceived() - s0.videoReceived());
        double freezes = s1.freezes() - s0.freezes();
        double freezeS = s1.freezeSeconds() - s0.freezeSeconds();
        double stepDown = tr.firstBelow(on, off, refHeight);
        double firstFreeze = tr.firstFreeze(on, off);
        double lateFrom = Math.max(on, off - 10_000);
        double lateFrames = tr.at(off).frames() - tr.at(lateFrom).frames();
        double lateFps = lateFrames * 1000 / Math.max(1, off - lateFrom);
        int lowest = Integer.MAX_VALUE;
        for (double t = on; t <= off + 3000; t += 200) {
            int h = tr.at(t).height();
            lowest = h > 0 ? Math.min(lowest, h) : lowest;
        }
        var a0 = tr.at(on);
        var a1 = tr.at(off);
        double concealedPct = 100 * (a1.concealed() - a0.concealed()) / Math.max(1, a1.audioSamples() - a0.audioSamples());
        double firstFrame = tr.firstFrame(off, end);
        double recovered = tr.recovered(off, end, 0.8 * refFps, refHeight);
        double fpsBack = tr.recovered(off, end, 0.8 * refFps, 0);
        String from = Double.isNaN(settled) ? "not back after " + SETTLE_S + " s" : "reference";
        return String.format(Locale.ROOT, "| %s | %s | %.1f %% | %.0f (%.1f s) | %.1f s | %s / %s | %dp, %.1f fps | %dp | %.1f %% (%.0f events) | %.1f s | %s | %s | %s | %d, %d, %d (%s) |%n",
                c.label, from, lossPct, freezes, freezeS, tr.longestFrameGap(on, end) / 1000, seconds(stepDown, on), seconds(firstFreeze, on),
                tr.at(off).height(), lateFps, lowest == Integer.MAX_VALUE ? 0 : lowest, concealedPct,
                a1.concealmentEvents() - a0.concealmentEvents(), tr.longestAudioGap(on, end) / 1000,
                seconds(firstFrame, off), seconds(fpsBack, off), seconds(recovered, off),
                delta(before, after, "layer_switches"), delta(before, after, "keyframe_requests"),
                delta(before, after, "probe_clusters"), probeOutcomes(before, after));
    }

    /** How the probe clusters of a condition ended, in the order of {@link ProbeOutcome}. */
    private static String probeOutcomes(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder b = new StringBuilder();
        for (ProbeOutcome o : ProbeOutcome.values()) {
            b.append(b.isEmpty() ? "" : " / ").append(delta(before, after, o.counterName()));
        }
        return b.toString();
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    private static String seconds(double t, double from) {
        return Double.isNaN(t) ? "–" : String.format(Locale.ROOT, "+%.1f s", (t - from) / 1000);
    }

    /** One row per second from 3 s before the impairment to the end of its recovery window. */
    private static String timeline(Condition c, ReceiverTrace tr, List<double[]> estimates, double on, double off, double end) {
        var sb = new StringBuilder(String.format(Locale.ROOT, "### %s%n%n| t (s) | link | height | fps | freezes | audio concealed |"
                + " SFU estimate |%n|---|---|---|---|---|---|---|%n", c.label));
        for (double t = on - 3000; t <= end; t += 1000) {
            var s = tr.at(t);
            var p = tr.at(t - 1000);
            double est = -1;
            for (double[] e : estimates) {
                if (e[0] <= t) {
                    est = e[1];
                }
            }
            double total = s.audioSamples() - p.audioSamples();
            sb.append(String.format(Locale.ROOT, "| %.0f | %s | %d | %.0f | %.0f | %.0f %% | %.2f Mbit/s |%n", (t - on) / 1000,
                    t > on && t <= off ? "impaired" : "clean", s.height(), tr.fps(t), s.freezes() - tr.at(on).freezes(),
                    total > 0 ? 100 * (s.concealed() - p.concealed()) / total : 0, est / 1e6));
        }
        return sb.append('\n').toString();
    }
}
