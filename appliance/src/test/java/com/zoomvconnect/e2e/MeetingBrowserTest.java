package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.BrowserPage;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Decoding;
import com.zoomvconnect.testing.browser.Firefox;
import com.zoomvconnect.testing.browser.Chromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInfo;

/**
 * Real headless Chromium participants with fake camera and microphone meet through the
 * appliance's own SFU on loopback, and prove with getStats() that they decode each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeetingBrowserTest implements BrowserTest {
    private Appliance appliance;
    private ApiClient api;
    private String hostToken;
    private final List<Chromium> browsers = new ArrayList<>();
    private final List<BrowserPage> pages = new ArrayList<>();

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password",
                "displayName", "Host"));
        hostToken = r.json().path("accessToken").asText();
    }

    @AfterEach
    void closeBrowsers(TestInfo info) {
        Browsers.saveArtifacts(info.getTestMethod().orElseThrow().getName(), pages);
        // Browsers first, all at once (closing tab by tab made the others renegotiate for each): Browsers.close.
        Browsers.closeAll(browsers);
        browsers.clear();
        pages.forEach((p) -> {
            if (p instanceof CdpPage cdp) {
                cdp.disconnect();
            } else {
                p.close(); // Firefox: its own process
            }
        });
        pages.clear();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private String newMeeting() {
        var r = api.post("/api/v1/meetings", hostToken, Map.of("title", "Browser test", "allowGuests", true));
        assertEquals(201, r.status(), r.body());
        return r.json().path("code").asText();
    }

    private CdpPage join(String code, String name) {
        return join(code, name, "");
    }

    private CdpPage join(String code, String name, String extraQuery) {
        Chromium c = Chromium.context();
        browsers.add(c);
        CdpPage page = c.newPage("https://localhost:" + appliance.httpsPort() + "/j/" + code + "?name=" + name
                + "&autojoin=1&res=360" + extraQuery);
        pages.add(page);
        page.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
        return page;
    }

    /** Waits until {@code page} decodes video and receives audio from each of {@code names}, within {@code timeout} for all. */
    private void waitForMediaFrom(BrowserPage page, Set<String> names, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String name : names) {
            Decoding.await(page, name, Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));
        }
    }

    private static Set<String> tileNames(CdpPage page) {
        JsonNode n = page.evaluate("[...document.querySelectorAll('.tile:not(.self) .name')].map(e => e.textContent)");
        Set<String> out = new HashSet<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    @Test
    void threeParticipantsDecodeEachOtherAndTilesGoWhenOneLeaves() {
        String code = newMeeting();
        CdpPage ann = join(code, "Ann");
        CdpPage bob = join(code, "Bob");
        CdpPage cid = join(code, "Cid");
        waitForMediaFrom(ann, Set.of("Bob", "Cid"), Duration.ofSeconds(45));
        waitForMediaFrom(bob, Set.of("Ann", "Cid"), Duration.ofSeconds(45));
        waitForMediaFrom(cid, Set.of("Ann", "Bob"), Duration.ofSeconds(45));
        JsonNode width = ann.evaluate("(async () => (await window.zvc.room.snapshot()).remote.filter(r => r.kind === 'video')"
                + ".map(r => r.frameWidth))()");
        width.forEach(w -> assertTrue(w.asInt() >= 160, "real frame size, got " + w));

        cid.evaluate("document.querySelector('#leave').click(); true");
        ann.waitFor("[...document.querySelectorAll('.tile:not(.self) .name')].every(e => e.textContent !== 'Cid')", Duration.ofSeconds(10));
        bob.waitFor("[...document.querySelectorAll('.tile:not(.self) .name')].every(e => e.textContent !== 'Cid')", Duration.ofSeconds(10));
        assertEquals(Set.of("Bob"), tileNames(ann));
        assertEquals(Set.of("Ann"), tileNames(bob));
    }

    @Test
    void aLateJoinerGetsVideoQuickly() {
        String code = newMeeting();
        CdpPage ann = join(code, "Ann");
        CdpPage bob = join(code, "Bob");
        waitForMediaFrom(ann, Set.of("Bob"), Duration.ofSeconds(45));
        // Ann and Bob have been streaming for a while: the late joiner needs a fresh keyframe.
        CdpPage late = join(code, "Late");
        late.waitFor("window.zvc.room.media.subscriber.connectionState === 'connected'", Duration.ofSeconds(20));
        long connected = System.nanoTime();
        late.waitFor("(async () => (await window.zvc.room.snapshot()).remote.filter(r => r.kind === 'video' && r.framesDecoded > 0).length === 2)()",
                Duration.ofSeconds(10));
        long millis = (System.nanoTime() - connected) / 1_000_000;
        // A bound that catches a late joiner left waiting for the publishers' next periodic keyframe
        // (seconds), not a speed figure: a shared CI machine takes over 2 s here under load.
        System.out.println("late joiner: first frames from both " + millis + " ms after the connection came up");
        assertTrue(millis <= 6000, "first frames from both took " + millis + " ms after the connection came up");
        waitForMediaFrom(bob, Set.of("Ann", "Late"), Duration.ofSeconds(30));
    }

    /** The frames {@code page} has decoded of the named participant's video (a promise of a number; %s: the name). */
    private static final String DECODED_FROM = """
            (async () => {
              const s = await window.zvc.room.snapshot();
              const p = s.participants.find(p => p.displayName === '%s');
              return s.remote.filter(r => r.participantId === p?.id && r.kind === 'video').reduce((n, r) => n + (r.framesDecoded ?? 0), 0);
            })()""";

    private static long decodedFramesFrom(BrowserPage page, String name) {
        return page.evaluate(DECODED_FROM.formatted(name)).asLong();
    }

    @Test
    void chromiumAndFirefoxDecodeEachOther() {
        // Each DTLS handshake's supported_versions, as the SFU received it, into this test's output.
        var dtlsLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.zoomvconnect.media.sfu.PeerTransport");
        dtlsLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
        // Firefox only pairs with non-loopback candidates: this appliance listens on every interface.
        try (Appliance wide = TestAppliance.startH2OnAllInterfaces()) {
            var wideApi = new ApiClient(wide.httpsPort());
            var r = wideApi.post("/api/v1/auth/register", null, Map.of("email", "ff@example.com", "password", "ff password",
                    "displayName", "FF"));
            String code = wideApi.post("/api/v1/meetings", r.json().path("accessToken").asText(),
                    Map.of("title", "Interop", "allowGuests", true)).json().path("code").asText();
            Chromium c = Chromium.context();
            browsers.add(c);
            CdpPage chrome = c.newPage("https://localhost:" + wide.httpsPort() + "/j/" + code + "?name=Chrome&autojoin=1&res=360");
            pages.add(chrome);
            chrome.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
            var counters = wide.sfu().counters();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (counters.dtlsHandshakes.sum() < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long chromeHandshakes = counters.dtlsHandshakes.sum();
            long chromeOffered13 = counters.dtlsOfferedV13.sum();
            Firefox firefox = Firefox.open("https://localhost:" + wide.httpsPort() + "/j/" + code
                    + "?name=Firefox&autojoin=1&res=360");
            pages.add(firefox);
            firefox.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(45));
            waitForMediaFrom(chrome, Set.of("Firefox"), Duration.ofSeconds(45));
            waitForMediaFrom(firefox, Set.of("Chrome"), Duration.ofSeconds(45));
            // Effects in Firefox (no MediaStreamTrackProcessor): exactly one noise suppressor, RNNoise
            // (on by default; the test's Firefox has no stored choice) or the browser's own; and blur
            // in the segmentation worker, fed frame by frame; Chrome keeps decoding Firefox.
            JsonNode noise = firefox.evaluate("(async () => { const fx = window.zvc.room.effects; const notes = []; const show = fx.notice;"
                    + " fx.notice = (text) => { notes.push(text); show(text); }; await fx.setNoiseSuppression(true); fx.notice = show;"
                    + " return { notes, rnnoise: !!fx.audio, browserNs: fx.mic.getSettings().noiseSuppression,"
                    + " rate: fx.mic.getSettings().sampleRate }; })()");
            System.out.println("Firefox noise suppression: " + noise);
            assertTrue(noise.path("rnnoise").asBoolean() != noise.path("browserNs").asBoolean(), noise.toString());
            String effects = "(() => { const fx = window.zvc.room.effects; return { background: fx.background,"
                    + " path: fx.video?.path ?? null, frames: fx.video?.stats.frames ?? 0, rnnoise: !!fx.audio,"
                    + " browserNs: fx.mic.getSettings().noiseSuppression, toast: document.querySelector('#toast')?.textContent ?? '' }; })()";
            firefox.evaluate("localStorage.setItem('zvc.effectsBudget', 'off'),"
                    + " window.zvc.room.effects.setBackground('blur-light').then(() => true)");
            firefox.waitFor("(() => { const v = window.zvc.room.effects.video; return !v || v.stats.frames > 5; })()",
                    Duration.ofSeconds(45));
            JsonNode fx = firefox.evaluate(effects);
            System.out.println("Firefox effects: " + fx);
            assertEquals("worker-messages", fx.path("path").asText(), fx.toString());
            assertTrue(fx.path("frames").asInt() > 5, fx.toString());
            long before = decodedFramesFrom(chrome, "Firefox");
            chrome.waitFor(DECODED_FROM.formatted("Firefox") + ".then(n => n > " + (before + 30) + ")", Duration.ofSeconds(45));
            firefox.evaluate("window.zvc.room.effects.setBackground('none').then(() => true)");
            // Which browsers would speak DTLS 1.3 (the SFU speaks 1.2: docs/protocol.md#dtls-versions).
            long all = counters.dtlsHandshakes.sum();
            System.out.printf("DTLS: Chromium's first handshake(s) %d, offering 1.3: %d; all handshakes %d, offering 1.3: %d, negotiated 1.2: %d%n",
                    chromeHandshakes, chromeOffered13, all, counters.dtlsOfferedV13.sum(), counters.dtlsNegotiatedV12.sum());
            // Chromium alone first (its publish connection), then Firefox's two and Chromium's subscribe
            // connection: every hello offered DTLS 1.3, every handshake settled on 1.2 (the fallback).
            assertTrue(chromeHandshakes >= 1 && all >= chromeHandshakes + 2, "handshakes: " + chromeHandshakes + ", " + all);
            assertEquals(chromeHandshakes, chromeOffered13, "Chromium offers DTLS 1.3");
            assertEquals(all, counters.dtlsOfferedV13.sum(), "Chromium and Firefox offer DTLS 1.3 in every hello");
            assertEquals(all, counters.dtlsNegotiatedV12.sum(), "and every handshake negotiated DTLS 1.2");
        } finally {
            dtlsLog.setLevel(null);
        }
    }

    /** Opens the client signed in as the host (tokens in localStorage, as the sign-in page stores them). */
    private CdpPage hostPage(String code) {
        var login = api.post("/api/v1/auth/login", null, Map.of("email", "host@example.com", "password", "host password"));
        Chromium c = Chromium.context();
        browsers.add(c);
        CdpPage page = c.newPage("https://localhost:" + appliance.httpsPort() + "/");
        pages.add(page);
        page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
        page.navigate("https://localhost:" + appliance.httpsPort() + "/j/" + code + "?autojoin=1&res=360", Duration.ofSeconds(30));
        page.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
        return page;
    }

    @Test
    void theHostAdmitsAGuestFromTheWaitingRoom() {
        var r = api.post("/api/v1/meetings", hostToken, Map.of("title", "Waiting room", "allowGuests", true, "waitingRoom", true));
        String code = r.json().path("code").asText();
        CdpPage host = hostPage(code);
        Chromium c = Chromium.context();
        browsers.add(c);
        CdpPage guest = c.newPage("https://localhost:" + appliance.httpsPort() + "/j/" + code + "?name=Gail&autojoin=1&res=360");
        pages.add(guest);
        guest.waitFor("window.zvc?.room?.state === 'waiting' && document.body.textContent.includes('Waiting for the host')",
                Duration.ofSeconds(30));
        host.waitFor("document.querySelector('#people').textContent.includes('1 waiting')", Duration.ofSeconds(10));
        host.evaluate("document.querySelector('#people').click(), true");
        host.waitFor("!!document.querySelector('[data-waiting-id] .admit')", Duration.ofSeconds(10));
        JsonNode stillWaiting = guest.evaluate("window.zvc.room.state");
        assertEquals("waiting", stillWaiting.asText(), "nobody is admitted before the host acts");
        host.evaluate("document.querySelector('[data-waiting-id] .admit').click(), true");
        guest.waitFor("window.zvc.room.state === 'joined'", Duration.ofSeconds(20));
        waitForMediaFrom(guest, Set.of("Host"), Duration.ofSeconds(45));
        waitForMediaFrom(host, Set.of("Gail"), Duration.ofSeconds(45));
    }

    @Test
    void muteAllMutesAttendeesInTheirUiAndInTheSfu() throws Exception {
        String code = newMeeting();
        CdpPage host = hostPage(code);
        CdpPage ann = join(code, "Ann");
        waitForMediaFrom(host, Set.of("Ann"), Duration.ofSeconds(45));
        host.evaluate("document.querySelector('#people').click(), true");
        host.waitFor("!!document.querySelector('#mute-all')", Duration.ofSeconds(10));
        host.evaluate("document.querySelector('#mute-all').click(), true");
        ann.waitFor("document.querySelector('#mic').getAttribute('aria-pressed') === 'true'", Duration.ofSeconds(10));
        assertEquals("Unmute", ann.evaluate("document.querySelector('#mic').textContent").asText());
        String audioFromAnn = """
                (async () => {
                  const s = await window.zvc.room.snapshot();
                  const ann = s.participants.find(p => p.displayName === 'Ann');
                  return s.remote.filter(r => r.kind === 'audio' && r.participantId === ann.id)
                                 .reduce((n, r) => n + r.packetsReceived, 0);
                })()""";
        Thread.sleep(1500);
        long before = host.evaluate(audioFromAnn).asLong();
        Thread.sleep(2000);
        long after = host.evaluate(audioFromAnn).asLong();
        assertEquals(before, after, "the SFU forwards no audio from a muted attendee");
        host.waitFor("document.querySelector('[data-participant-id] .muted-flag') !== null", Duration.ofSeconds(5));
    }

    @Test
    void theGridPagesAndOnlyTheCurrentPagesCamerasAreSent() throws Exception {
        String code = newMeeting();
        String base = "https://localhost:" + appliance.httpsPort();
        List<com.zoomvconnect.loadgen.SyntheticPublisher> pubs = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                pubs.add(com.zoomvconnect.loadgen.SyntheticPublisher.start(base, code, "P" + i, 100_000, 15));
            }
            CdpPage viewer = join(code, "Viewer");
            viewer.waitFor("document.querySelector('.pager .page-label')?.textContent === 'Page 1 of 2'", Duration.ofSeconds(20));
            assertEquals(9, viewer.evaluate("document.querySelectorAll('.tile:not(.self):not([hidden])').length").asInt());
            String videoPackets = """
                    (async () => {
                      const out = {};
                      (await window.zvc.room.snapshot()).remote.filter(r => r.kind === 'video')
                        .forEach(r => { out[r.participantId] = r.packetsReceived; });
                      return out;
                    })()""";
            viewer.waitFor("(async () => Object.keys(await " + videoPackets + ").length >= 9)()", Duration.ofSeconds(20));
            Thread.sleep(2000);
            assertEquals(9, flowing(viewer, videoPackets), "cameras of the first page only");
            viewer.evaluate("document.querySelector('#page-next').click(), true");
            viewer.waitFor("document.querySelector('.pager .page-label').textContent === 'Page 2 of 2'", Duration.ofSeconds(5));
            Thread.sleep(1500);
            assertEquals(1, flowing(viewer, videoPackets), "the second page's one camera");
        } finally {
            pubs.forEach(com.zoomvconnect.loadgen.SyntheticPublisher::close);
        }
    }

    /** How many participants' video packet counters grow over 1.5 s. */
    private static int flowing(CdpPage page, String countsJs) throws InterruptedException {
        JsonNode before = page.evaluate(countsJs);
        Thread.sleep(1500);
        JsonNode after = page.evaluate(countsJs);
        int n = 0;
        for (var it = after.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (after.path(id).asLong() - before.path(id).asLong(0) > 5) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aDroppedConnectionRejoinsByItself() {
        String code = newMeeting();
        CdpPage ann = join(code, "Ann");
        CdpPage bob = join(code, "Bob");
        waitForMediaFrom(ann, Set.of("Bob"), Duration.ofSeconds(45));
        String bobId = bob.evaluate("window.zvc.room.self.id").asText();
        bob.evaluate("window.zvc.room.toggleMic(), true");
        // Muted before the blip (toggling is asynchronous; the rejoin now starts at once, not 250 ms later).
        bob.waitFor("window.zvc.room.store.state.micMuted === true", Duration.ofSeconds(10));
        String camera = bob.evaluate("window.zvc.room.stream.getVideoTracks()[0].id").asText();
        KeptConnections connections = KeptConnections.of(bob);
        long handshakes = appliance.sfu().counters().dtlsHandshakes.sum();
        // A network blip: the signaling socket drops under Bob's feet (he did not leave).
        bob.evaluate("window.__old = window.zvc.room, window.zvc.room.signal.ws.close(4000, 'network blip'), true");
        bob.waitFor("window.zvc.room.state === 'reconnecting' || window.zvc.room.state === 'joined'", Duration.ofSeconds(10));
        bob.waitFor("window.zvc.room !== window.__old && window.zvc.room.state === 'joined' && document.querySelector('#leave') !== null",
                Duration.ofSeconds(30));
        // He took his own session back with its resume secret (a join token opens one session
        // only): the same participant, not a new guest from a fresh grant.
        assertEquals(bobId, bob.evaluate("window.zvc.room.self.id").asText());
        // He comes back muted as he was.
        assertTrue(bob.evaluate("window.zvc.room.store.state.micMuted").asBoolean(), "still muted after the rejoin");
        assertTrue(bob.evaluate("window.zvc.room.stream.getAudioTracks().every(t => !t.enabled)").asBoolean(), "his microphone track is off");
        // His camera stayed open for the rejoin: reopening one costs up to a second of the freeze.
        assertEquals(camera + " live", bob.evaluate("(t => t.id + ' ' + t.readyState)(window.zvc.room.stream.getVideoTracks()[0])").asText());
        // The server still had his media session: the resume kept both peer connections (an ICE
        // restart on them), with the same DTLS association: no handshake, no new publish.
        connections.assertKept();
        KeptConnections.decodesAgain(bob, "Ann", Duration.ofSeconds(45));
        KeptConnections.decodesAgain(ann, "Bob", Duration.ofSeconds(45));
        assertEquals(handshakes, appliance.sfu().counters().dtlsHandshakes.sum(), "no new DTLS handshake");
        assertTrue(bob.evaluate("window.__pcs.every(pc => pc.connectionState === 'connected')").asBoolean());
    }

    @Test
    void aParticipantWithoutUdpConnectsOverIceTcp() {
        String code = newMeeting();
        CdpPage ann = join(code, "Ann");
        // This client ignores the SFU's UDP candidates (transport=tcp, as on a network that drops
        // UDP): the only working pair is ICE-TCP to the passive candidate on the media port.
        CdpPage tcp = join(code, "Tcp", "&transport=tcp");
        waitForMediaFrom(tcp, Set.of("Ann"), Duration.ofSeconds(45));
        waitForMediaFrom(ann, Set.of("Tcp"), Duration.ofSeconds(45));
        for (String pc : List.of("subscriber", "publisher")) {
            JsonNode protocol = tcp.evaluate("""
                    (async () => {
                      const stats = await window.zvc.room.media.%s.getStats();
                      let pair = null;
                      stats.forEach(s => { if (s.type === 'transport') pair = s.selectedCandidatePairId; });
                      let remote = null;
                      stats.forEach(s => { if (s.id === pair) remote = s.remoteCandidateId; });
                      let proto = null;
                      stats.forEach(s => { if (s.id === remote) proto = s.protocol; });
                      return proto;
                    })()""".formatted(pc));
            assertEquals("tcp", protocol.asText(), pc + " connection's selected pair");
        }
        assertTrue(appliance.sfu().netCounters().tcpFramesReceived.sum() > 100, "media arrived over ICE-TCP");
    }
}
