package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Breakout move benchmark (not part of the default test run; see docs/performance.md): how long a
 * move between breakout rooms takes to show and sound the new room. Ann sits in room 1 and Cid in
 * room 2, each a headless Chromium with a fake 360p camera and microphone; Bob, a third, is moved
 * back and forth between them by a host on a plain signaling socket (no browser: the host's own
 * page would only add its latency). Per move, on Bob's page: from {@code roomChanged} (the server
 * re-routes him right after sending it) to the {@code subscribeOffer}, to the first audio sample
 * and to the first decoded video frame from the new room, polled from getStats every 20 ms.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=BreakoutMoveBenchmark
 *     [-Dzvc.bench.moves=20]</pre>
 */
class BreakoutMoveBenchmark implements BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(60);

    /** Arms a watch on Bob's page for {@code id}'s first audio sample and video frame, relative to roomChanged. */
    private static final String WATCH = """
            ((id) => {
              const media = window.zvc.room.media;
              const signal = window.zvc.room.signal;
              const w = window.__move = { changed: null, offer: null, audio: null, video: null };
              signal.addEventListener('roomChanged', () => { w.changed ??= performance.now(); }, { once: true });
              signal.addEventListener('subscribeOffer', () => { w.offer ??= performance.now(); }, { once: true });
              const base = new Map();
              const read = async () => {
                const out = [];
                (await media.subscriber.getStats()).forEach((s) => {
                  if (s.type === 'inbound-rtp' && media.downTracks.get(s.mid)?.participantId === id) out.push(s);
                });
                return out;
              };
              (async () => {
                (await media.subscriber.getStats()).forEach((s) => { if (s.type === 'inbound-rtp') base.set(s.id, s); });
                const end = performance.now() + 30000;
                while (performance.now() < end && (w.audio === null || w.video === null)) {
                  for (const s of await read()) {
                    const b = base.get(s.id);
                    if (s.kind === 'audio' && (s.totalSamplesReceived ?? 0) > (b?.totalSamplesReceived ?? 0)) w.audio ??= performance.now();
                    if (s.kind === 'video' && (s.framesDecoded ?? 0) > (b?.framesDecoded ?? 0)) w.video ??= performance.now();
                  }
                  await new Promise((r) => setTimeout(r, 20));
                }
              })();
              return true;
            })""";

    @Test
    void movesBetweenTwoRooms() throws Exception {
        int moves = Integer.getInteger("zvc.bench.moves", 20);
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("breakout-move-benchmark")) {
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "bench@example.com", "password", "password1",
                    "displayName", "Bench")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Moves", "allowGuests", true)).json().path("code").asText();
            String grant = api.post("/api/v1/meetings/" + code + "/join", token, Map.of()).json().path("token").asText();
            SignalSocket host = SignalSocket.join(appliance.httpsPort(), grant);
            host.next("welcome");

            List<CdpPage> pages = new ArrayList<>();
            for (String name : List.of("Ann", "Cid", "Bob")) {
                pages.add(browsers.open(base + "/j/" + code + "?name=" + name + "&autojoin=1&res=360"));
            }
            List<String> ids = new ArrayList<>();
            for (CdpPage p : pages) {
                p.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(90));
                ids.add(p.evaluate("window.zvc.room.self.id").asText());
            }
            String ann = ids.get(0);
            String cid = ids.get(1);
            String bob = ids.get(2);
            CdpPage bobPage = pages.get(2);
            send(host, Map.of("type", "breakoutsConfigure", "rooms", List.of(Map.of("name", "One"), Map.of("name", "Two")),
                    "allowChoose", false, "graceSeconds", 0));
            send(host, Map.of("type", "breakoutsAssign", "participantId", ann, "roomId", "b1"));
            send(host, Map.of("type", "breakoutsAssign", "participantId", cid, "roomId", "b2"));
            send(host, Map.of("type", "breakoutsAssign", "participantId", bob, "roomId", "b1"));
            send(host, Map.of("type", "breakoutsOpen"));
            bobPage.waitFor("window.zvc.room.store.state.roomId === 'b1'", T);

            List<double[]> samples = new ArrayList<>(); // offer, audio, video, ms after roomChanged
            List<Long> fromCommand = new ArrayList<>();
            for (int i = 0; i < moves; i++) {
                String to = i % 2 == 0 ? "b2" : "b1";
                String other = to.equals("b2") ? cid : ann;
                bobPage.evaluate(WATCH + "('" + other + "')");
                long sent = System.nanoTime();
                send(host, Map.of("type", "breakoutsAssign", "participantId", bob, "roomId", to));
                bobPage.waitFor("window.__move.audio !== null && window.__move.video !== null", T);
                fromCommand.add((System.nanoTime() - sent) / 1_000_000);
                JsonNode w = bobPage.evaluate("window.__move");
                double changed = w.path("changed").asDouble();
                samples.add(new double[] {w.path("offer").asDouble() - changed, w.path("audio").asDouble() - changed,
                        w.path("video").asDouble() - changed});
                Thread.sleep(2000); // settle in the room before the next move, as people do
            }
            String report = report(samples, fromCommand, appliance.sfu().counters().snapshot());
            System.out.println(report);
            Files.writeString(Path.of("target", "breakout-move.md"), report);
            host.close();
        }
    }

    private static void send(SignalSocket s, Map<String, Object> message) throws Exception {
        s.send(JSON.writeValueAsString(message));
    }

    private static String report(List<double[]> samples, List<Long> fromCommand, Map<String, Long> counters) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d moves; ms after roomChanged on the mover's page%n%n",
                samples.size()));
        out.append("| | median | p90 | max |\n|---|---|---|---|\n");
        String[] what = {"subscribeOffer", "first audio sample", "first decoded video frame"};
        for (int k = 0; k < what.length; k++) {
            final int col = k;
            List<Double> v = samples.stream().map(s -> s[col]).sorted().toList();
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", what[k], pct(v, 50), pct(v, 90), v.getLast()));
        }
        List<Double> c = fromCommand.stream().map(Long::doubleValue).sorted().toList();
        out.append(String.format(Locale.ROOT, "| host command to both (driver's view) | %.0f | %.0f | %.0f |%n", pct(c, 50), pct(c, 90),
                c.getLast()));
        out.append("\nSFU: ").append(counters).append('\n');
        return out.toString();
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
