package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sfu.RecordingTap;
import com.zoomvconnect.record.depack.Depacketizer;
import com.zoomvconnect.record.depack.Frame;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.BrowserPage;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Firefox;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End-to-end encrypted meetings in real browsers: three Chromium and a Firefox ESR participant
 * decode each other through the SFU, the SFU's forwarded VP8 does not decode (it does without
 * E2EE), everyone shows the same safety code, which changes with the membership, and recording is
 * refused in the UI; with a meeting passphrase, simulcast switches down and up under encryption
 * and a participant with another passphrase decrypts nothing and is told why.
 */
class E2eeBrowserTest {
    private static final Duration JOIN = Duration.ofSeconds(60);
    private static final Duration MEDIA = Duration.ofSeconds(150);

    private static CdpPage join(Browsers browsers, Appliance a, String code, String name) {
        CdpPage page = browsers.open("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=" + name + "&autojoin=1&res=360");
        page.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
        return page;
    }

    /** Every other participant's video decodes and their audio arrives with energy; on a timeout, what the page gets. */
    private static void waitUntilDecodingAll(BrowserPage page, int others) throws InterruptedException {
        String done = """
                (async () => {
                  const s = await window.zvc.room.snapshot();
                  const video = s.remote.filter(r => r.kind === 'video' && r.framesDecoded > 30 && r.frameWidth > 0);
                  const audio = s.remote.filter(r => r.kind === 'audio' && r.totalSamplesReceived > 0 && r.totalAudioEnergy > 0);
                  return new Set(video.map(r => r.participantId)).size >= %d && new Set(audio.map(r => r.participantId)).size >= %d;
                })()""".formatted(others, others);
        long deadline = System.nanoTime() + MEDIA.toNanos();
        while (!page.evaluate(done).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not decoding all: " + page.evaluate("window.zvc.room.snapshot().then(s => JSON.stringify({"
                        + "remote: s.remote.map(r => [r.participantId, r.kind, r.packetsReceived, r.framesDecoded, r.totalAudioEnergy]),"
                        + " e2ee: s.e2ee}))").asText());
            }
            Thread.sleep(500);
        }
    }

    /** Notes how many frames each remote video has decoded so far, for {@link #waitForMoreFrames}. */
    private static void markFrames(BrowserPage page) {
        page.evaluate("window.zvc.room.snapshot().then(s => { window.e2eeMark = Object.fromEntries(s.remote"
                + ".filter(r => r.kind === 'video' && r.framesDecoded > 0).map(r => [r.mid, r.framesDecoded])); return true; })");
    }

    /** Every remote video marked by {@link #markFrames} decodes 30 more frames (new keys work). */
    private static void waitForMoreFrames(BrowserPage page) {
        page.waitFor("window.zvc.room.snapshot().then(s => Object.keys(window.e2eeMark).length >= 3 && Object.entries(window.e2eeMark)"
                + ".every(([mid, n]) => (s.remote.find(r => r.mid === mid)?.framesDecoded ?? 0) > n + 30))", MEDIA);
    }

    private static String safetyCode(BrowserPage page) {
        return page.evaluate("document.querySelector('#e2ee-indicator').dataset.safetyCode").asText();
    }

    @Test
    void threeChromiumsAndFirefoxInAnE2eeMeetingDecodeEachOtherWhileTheSfuForwardsUndecodableVideo() throws Exception {
        // Firefox only pairs with non-loopback candidates: this appliance listens on every interface.
        try (Appliance a = TestAppliance.startH2OnAllInterfaces(); Browsers browsers = new Browsers("e2ee-meeting")) {
            var api = new ApiClient(a.httpsPort());
            JsonNode login = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                    "displayName", "Hana")).json();
            String token = login.path("accessToken").asText();
            JsonNode meeting = api.post("/api/v1/meetings", token, Map.of("title", "Private", "allowGuests", true, "e2ee", true)).json();
            String code = meeting.path("code").asText();
            String id = meeting.path("id").asText();

            // Firefox starts first, while the machine is quiet, and waits in the lobby until its turn.
            try (Firefox firefox = Firefox.open("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=Fay&res=180&simulcast=0")) {
                // The host, signed in, for the Record button.
                CdpPage host = browsers.open("https://localhost:" + a.httpsPort() + "/");
                host.waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
                host.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + ApiClient.JSON.writeValueAsString(Map.of(
                        "user", login.path("user"), "accessToken", token, "refreshToken", login.path("refreshToken").asText()))
                        + ")), location.assign('/j/" + code + "?autojoin=1&res=360'), true");
                host.waitFor("window.zvc?.room?.state === 'joined' && window.zvc.room.self.role === 'host'", JOIN);
                var tap = new VideoTap(120);
                try (AutoCloseable recording = a.sfu().record(a.liveMeetings().room(id).mediaRoomId(), tap)) {
                    CdpPage bob = join(browsers, a, code, "Bob");
                    CdpPage cat = join(browsers, a, code, "Cat");
                    List<CdpPage> pages = List.of(host, bob, cat);
                    for (CdpPage p : pages) {
                        waitUntilDecodingAll(p, 2);
                    }
                    for (CdpPage p : pages) {
                        JsonNode frames = p.evaluate("window.zvc.room.snapshot().then(s => s.e2ee.frames)");
                        assertTrue(frames.path("encrypted").asInt() > 0 && frames.path("decrypted").asInt() > 0, frames.toString());
                    }

                    // The same safety code everywhere, in the E2EE bar.
                    for (CdpPage p : pages) {
                        p.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode?.split(' ').length === 8"
                                + " && !document.querySelector('#e2ee-indicator').hidden", Duration.ofSeconds(20));
                    }
                    String code3 = safetyCode(host);
                    for (CdpPage p : pages) {
                        p.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode === '" + code3 + "'", Duration.ofSeconds(20));
                    }

                    // Firefox ESR joins (RTCRtpScriptTransform in a worker, where the Chromiums here take the same path):
                    // everyone's code changes to the same new one, and all four decode all.
                    long ff0 = System.nanoTime();
                    firefox.waitFor("document.querySelector('#join') !== null", JOIN);
                    firefox.evaluate("document.querySelector('#join').click(), true");
                    firefox.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
                    List<BrowserPage> four = List.of(host, bob, cat, firefox);
                    host.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode !== '" + code3 + "'", Duration.ofSeconds(30));
                    String code4 = safetyCode(host);
                    assertNotEquals(code3, code4);
                    for (BrowserPage p : four) {
                        p.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode === '" + code4 + "'", Duration.ofSeconds(30));
                    }
                    try {
                        for (BrowserPage p : List.of(firefox, host, bob, cat)) {
                            waitUntilDecodingAll(p, 3);
                        }
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "\nFirefox: " + firefox.evaluate("window.zvc.room.snapshot().then(s => "
                                + "JSON.stringify({state: s.state, local: s.local, e2ee: s.e2ee}))").asText() + "\n"
                                + String.join("\n", firefox.consoleLog()), e);
                    }
                    System.out.printf("E2EE: Firefox joined and all four decode all after %d ms%n", (System.nanoTime() - ff0) / 1_000_000);
                    JsonNode ff = firefox.evaluate("window.zvc.room.snapshot().then(s => s.e2ee.frames)");
                    assertTrue(ff.path("encrypted").asInt() > 0 && ff.path("decrypted").asInt() > 0 && ff.path("wrongSender").asInt() == 0, ff.toString());

                    // A fifth member (a protocol client with its own P-256 key) changes everyone's code; gone, it returns.
                    var grant = api.post("/api/v1/meetings/" + id + "/join", null, Map.of("displayName", "Dan"));
                    try (var dan = SignalSocket.join(a.httpsPort(), grant.json().path("token").asText())) {
                        dan.next("welcome");
                        dan.send(ApiClient.JSON.writeValueAsString(Map.of("type", "e2ee", "data",
                                ApiClient.JSON.writeValueAsString(Map.of("t", "hello", "pub", rawP256PublicKey(), "join", true)))));
                        host.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode !== '" + code4 + "'", Duration.ofSeconds(60));
                        String code5 = safetyCode(host);
                        for (BrowserPage p : four) {
                            p.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode === '" + code5 + "'", Duration.ofSeconds(60));
                        }
                        // Each browser sent Dan its media key, wrapped to Dan's key: four "key" messages, no key in the clear.
                        int keys = 0;
                        for (int i = 0; i < 12 && keys < 4; i++) {
                            JsonNode m = dan.next("e2ee");
                            JsonNode data = ApiClient.JSON.readTree(m.path("data").asText());
                            if ("key".equals(data.path("t").asText())) {
                                keys++;
                                assertTrue(data.has("ct") && data.has("iv") && !data.has("key"), data.toString());
                            }
                        }
                        assertEquals(4, keys);
                        // A key message Dan's key pair did not make (as a server re-labelling another's would be) is refused.
                        dan.send(ApiClient.JSON.writeValueAsString(Map.of("type", "e2ee", "to", List.of(host.evaluate("window.zvc.room.self.id")
                                .asText()), "data", ApiClient.JSON.writeValueAsString(Map.of("t", "key", "iv", "AAAAAAAAAAAAAAAA",
                                "ct", Base64.getEncoder().encodeToString(new byte[48]))))));
                        host.waitFor("window.zvc.room.snapshot().then(s => s.e2ee.rejectedKeys === 1)", Duration.ofSeconds(60));
                    }
                    for (BrowserPage p : four) {
                        p.waitFor("document.querySelector('#e2ee-indicator').dataset.safetyCode === '" + code4 + "'", Duration.ofSeconds(60));
                        markFrames(p);
                    }
                    // Media keeps flowing after the ratchet (Dan came) and under the new random keys (Dan left).
                    for (BrowserPage p : four) {
                        waitForMoreFrames(p);
                    }
                    System.out.printf("E2EE: Firefox joined to new keys decoding everywhere after %d ms%n", (System.nanoTime() - ff0) / 1_000_000);

                    // Recording: the button is off, with the reason, and the API refuses.
                    host.waitFor("document.querySelector('#record').disabled && document.querySelector('#record').title.includes('end-to-end')",
                            Duration.ofSeconds(10));
                    assertEquals("e2ee_no_recording",
                            api.post("/api/v1/meetings/" + id + "/recording", token, Map.of("action", "start")).errorCode());
                    for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
                        host.setViewport(size[0], size[1], size[0] < 600);
                        Thread.sleep(500);
                        host.screenshot(Browsers.artifacts().resolve("e2ee-room-" + size[0] + "x" + size[1] + ".png"));
                        assertFalse(host.evaluate("document.querySelector('#e2ee-indicator').getBoundingClientRect().width === 0").asBoolean());
                    }

                    assertTrue(tap.done.await(60, TimeUnit.SECONDS), "the tap saw " + tap.frames.size() + " frames");
                }
                Decoded d = ffmpegDecode(tap, Browsers.artifacts().resolve("e2ee-forwarded.ivf"));
                // The key frame headers are in the clear (the SFU needs them): ffmpeg refuses most frames
                // ("Invalid partitions") and turns the rest into noise; none shows the camera's picture.
                assertTrue(d.errors > 0, d.toString());
                assertEquals(0, d.pictures, "frames of the SFU's copy of an E2EE stream show the camera: " + d);
            }
        }
    }

    @Test
    void withAPassphraseALateJoinerDecodesSimulcastSwitchesDownAndUpAndAnotherPassphraseDecryptsNothing() throws Exception {
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("e2ee-simulcast")) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "sim@example.com", "password", "password1",
                    "displayName", "Sim")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Simulcast", "allowGuests", true, "e2ee", true))
                    .json().path("code").asText();
            String base = "https://localhost:" + a.httpsPort() + "/j/" + code;
            // The passphrase rides in the fragment, which the browser never sends to the server.
            String passphrase = "#e2ee-passphrase=" + java.net.URLEncoder.encode("open sesame, said Ann", StandardCharsets.UTF_8);
            CdpPage ann = browsers.open(base + "?name=Ann&autojoin=1&res=720" + passphrase, "--use-fake-device-for-media-stream=fps=30");
            ann.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
            ann.waitFor("(async () => (await window.zvc.room.snapshot()).local.filter(l => l.kind === 'video' && l.rid"
                    + " && l.framesEncoded > 10).length === 3)()", Duration.ofSeconds(45));

            // The late joiner: from its join to Ann's first decoded frame (keys exchanged, a key frame under the new key).
            CdpPage bob = browsers.open(base + "?name=Bob&autojoin=1&res=360&muted=1" + passphrase);
            bob.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
            long t0 = System.nanoTime();
            bob.waitFor(SimulcastBrowserTest.decodedHeightOf("Ann") + ".then(h => h > 0)", Duration.ofSeconds(45));
            System.out.printf("E2EE late joiner decodes after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            // A thumbnail: the SFU forwards Bob the 180p layer, started on a key frame found by the bit left in the clear.
            bob.evaluate("document.querySelector('#grid').style.width = '300px'; true");
            bob.waitFor(SimulcastBrowserTest.decodedHeightOf("Ann") + ".then(h => h > 0 && h <= 200)", Duration.ofSeconds(40));

            // Pinned: Bob pins Ann in a large window and the SFU switches him up, again starting on a key frame it
            // finds by the clear P bit. As in SimulcastBrowserTest, which layers Ann sends is Chrome's choice under
            // load: the pinned tile must get more than the thumbnail's layer, and the top one Ann sends when she does.
            ann.waitFor("(async () => (await window.zvc.room.snapshot()).local.some(l => l.kind === 'transport'"
                    + " && l.availableOutgoingBitrate > 1000000))()", Duration.ofSeconds(30));
            bob.evaluate("document.querySelector('#grid').style.width = ''; document.querySelector('.tile:not(.self)').click(); true");
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            int decoded = 0;
            int top = 0;
            while (System.nanoTime() < deadline) {
                top = ann.evaluate(TOP_SENT_HEIGHT).asInt();
                decoded = bob.evaluate(SimulcastBrowserTest.decodedHeightOf("Ann")).asInt();
                if (decoded > 200 && decoded >= top) {
                    break;
                }
                Thread.sleep(250);
            }
            assertTrue(decoded > 200, "pinned, Ann switches up from the thumbnail layer: decoded " + decoded + "p, top sent " + top + "p");
            System.out.printf("E2EE pinned -> %dp layer (top sent %dp)%n", decoded, top);
            JsonNode before = bob.evaluate(decodedFrames("Ann"));
            bob.waitFor(decodedFrames("Ann") + ".then(n => n > " + (before.asLong() + 30) + ")", Duration.ofSeconds(20));
            Map<String, Long> metrics = a.sfu().counters().snapshot();
            System.out.println("E2EE simulcast: layer switches " + metrics.get("layer_switches") + ", Ann sends "
                    + ann.evaluate("(async () => (await window.zvc.room.snapshot()).local.map(l => l.rid + ':' + l.frameHeight))()"));
            JsonNode frames = bob.evaluate("window.zvc.room.snapshot().then(s => s.e2ee.frames)");
            assertTrue(frames.path("decrypted").asInt() > 100 && frames.path("failed").asInt() == 0, frames.toString());
            assertTrue(bob.evaluate("window.zvc.room.snapshot().then(s => s.e2ee.passphrase && !s.e2ee.error)").asBoolean());

            // Eve types another passphrase: she gets no key and decrypts nothing, and both sides are told why.
            // She types it in the lobby (here it comes from the link): the field is offered for E2EE meetings only.
            CdpPage eve = browsers.open(base + "?name=Eve&res=360&muted=1&camera=off#e2ee-passphrase=open%20sesame");
            eve.setViewport(390, 844, true);
            eve.waitFor("document.querySelector('#f-e2ee-passphrase')?.value === 'open sesame' && location.hash === ''", JOIN);
            eve.screenshot(Browsers.artifacts().resolve("e2ee-lobby-passphrase-390x844.png"));
            eve.evaluate("document.querySelector('#join').click(), true");
            eve.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
            for (CdpPage p : List.of(eve, bob)) {
                p.waitFor("document.querySelector('#e2ee-indicator').textContent.includes('different passphrase')", Duration.ofSeconds(30));
            }
            eve.waitFor("window.zvc.room.snapshot().then(s => s.remote.some(r => r.kind === 'video' && r.packetsReceived > 100))",
                    Duration.ofSeconds(30));
            JsonNode eves = eve.evaluate("window.zvc.room.snapshot().then(s => s.e2ee.frames)");
            assertEquals(0, eves.path("decrypted").asInt(), eves.toString());
            eve.screenshot(Browsers.artifacts().resolve("e2ee-wrong-passphrase-390x844.png"));
        }
    }

    /** The height of the largest encoding the publisher is sending now (a paused layer reports no height). */
    private static final String TOP_SENT_HEIGHT = "(async () => Math.max(0, ...(await window.zvc.room.snapshot()).local"
            + ".filter(l => l.kind === 'video' && l.rid && l.framesPerSecond > 0).map(l => l.frameHeight || 0)))()";

    private static String decodedFrames(String name) {
        return """
                (async () => {
                  const s = await window.zvc.room.snapshot();
                  const p = s.participants.find(p => p.displayName === '%s');
                  return s.remote.find(r => r.participantId === p.id && r.kind === 'video').framesDecoded;
                })()""".formatted(name);
    }

    @Test
    void withoutE2eeTheSfusCopyOfTheVideoDecodes() throws Exception {
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("e2ee-control")) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                    "displayName", "Hana")).json().path("accessToken").asText();
            JsonNode meeting = api.post("/api/v1/meetings", token, Map.of("title", "Plain", "allowGuests", true)).json();
            var tap = new VideoTap(120);
            try (AutoCloseable recording = a.sfu().record(a.liveMeetings().room(meeting.path("id").asText()).mediaRoomId(), tap)) {
                join(browsers, a, meeting.path("code").asText(), "Bob");
                assertTrue(tap.done.await(90, TimeUnit.SECONDS), "the tap saw " + tap.frames.size() + " frames");
            }
            Decoded d = ffmpegDecode(tap, Browsers.artifacts().resolve("plain-forwarded.ivf"));
            assertEquals(0, d.errors, d.toString());
            // Nearly every frame shows the camera's disc (scaled to 16x9 a frame or two blurs it below the mark).
            assertTrue(d.frames >= 110 && d.pictures >= d.frames * 95 / 100, d.toString());
        }
    }

    /** A P-256 public key as the browsers send it: the raw uncompressed point, base64. */
    private static String rawP256PublicKey() throws Exception {
        var gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        var pub = (ECPublicKey) gen.generateKeyPair().getPublic();
        byte[] raw = new byte[65];
        raw[0] = 4;
        copyUnsigned(pub.getW().getAffineX().toByteArray(), raw, 1);
        copyUnsigned(pub.getW().getAffineY().toByteArray(), raw, 33);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static void copyUnsigned(byte[] big, byte[] into, int at) {
        int n = Math.min(big.length, 32);
        System.arraycopy(big, big.length - n, into, at + 32 - n, n);
    }

    /**
     * The test's tap on the SFU (the recording tap, used here by the test alone): the VP8 packets of
     * the first camera track's lowest layer as the SFU holds them, until {@code wanted} frames.
     */
    private static final class VideoTap implements RecordingTap {
        final List<byte[]> packets = new ArrayList<>();
        final List<Frame> frames = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        private final int wanted;
        private boolean taken;

        VideoTap(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public synchronized TrackSink trackAdded(RecordedTrack track) {
            if (taken || !"video".equals(track.kind()) || !"VP8".equalsIgnoreCase(track.codec())) {
                return null;
            }
            taken = true;
            track.keyframeRequest().accept(0);
            return new TrackSink() {
                @Override
                public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
                    if (layer == 0 && done.getCount() > 0) {
                        synchronized (VideoTap.this) {
                            packets.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                            if (packets.size() >= wanted * 2 && packets.size() % 50 == 0) {
                                assemble();
                            }
                        }
                    }
                }

                @Override
                public void trackEnded() {
                }
            };
        }

        /** Depacketizes in sequence order from the first key frame. */
        private void assemble() {
            var sorted = new ArrayList<>(packets);
            sorted.sort(Comparator.comparingInt(p -> RtpPacket.sequence(p, 0)));
            Depacketizer d = Depacketizer.forCodec("VP8");
            frames.clear();
            int last = -1;
            for (byte[] p : sorted) {
                int seq = RtpPacket.sequence(p, 0);
                int h = RtpPacket.headerLength(p, 0, p.length);
                Frame f = d.push(p, h, RtpPacket.payloadLength(p, 0, p.length, h), RtpPacket.timestamp(p, 0),
                        RtpPacket.marker(p, 0), last >= 0 && seq != last + 1);
                last = seq;
                if (f != null && (f.keyframe() || !frames.isEmpty())) {
                    frames.add(f);
                }
            }
            if (frames.size() >= wanted) {
                done.countDown();
            }
        }
    }

    /** What ffmpeg made of a capture: frames output, error lines, and frames showing the fake camera's picture. */
    private record Decoded(int frames, int errors, int pictures, String log) {
    }

    /** Writes the tapped frames as IVF and has ffmpeg decode them: frames decoded and error lines. */
    private static Decoded ffmpegDecode(VideoTap tap, Path ivf) throws Exception {
        List<Frame> frames;
        synchronized (tap) {
            frames = List.copyOf(tap.frames);
        }
        assertTrue(frames.getFirst().keyframe(), "starts on a key frame");
        var out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        header.put("DKIF".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putShort((short) 32)
                .put("VP80".getBytes(StandardCharsets.US_ASCII)).putShort((short) 640).putShort((short) 360)
                .putInt(90000).putInt(1).putInt(frames.size()).putInt(0);
        out.write(header.array());
        for (Frame f : frames) {
            ByteBuffer fh = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            fh.putInt(f.data().length).putLong(f.rtpTimestamp());
            out.write(fh.array());
            out.write(f.data());
        }
        Files.write(ivf, out.toByteArray());
        Path log = Path.of(ivf + ".log");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", ivf.toString(), "-fps_mode", "passthrough",
                "-f", "framecrc", "-")
                .redirectError(log.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(log);
        int decoded = (int) stdout.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        int errors = (int) stderr.lines().filter(l -> !l.isBlank()).count();
        return new Decoded(decoded, errors, pictures(ivf), stderr.lines().limit(3).toList().toString() + " exit " + p.exitValue()
                + " of " + frames.size() + " frames");
    }

    /**
     * Decoded frames that show Chromium's fake camera: its picture (a bright green disc in the middle
     * of a darker green background) scaled to 16x9 is green almost everywhere, with bright pixels in
     * the middle and none at the sides. ffmpeg's output from noise is not; nor is the flat green it
     * conceals a broken key frame with (all-zero YUV planes), which has no bright disc.
     */
    private static int pictures(Path ivf) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "quiet", "-i", ivf.toString(), "-fps_mode", "passthrough",
                "-vf", "scale=16:9", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] rgb = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        int frameBytes = 16 * 9 * 3;
        int pictures = 0;
        for (int f = 0; f + frameBytes <= rgb.length; f += frameBytes) {
            int green = 0;
            int brightMiddle = 0;
            int brightSides = 0;
            for (int px = 0; px < 16 * 9; px++) {
                int i = f + px * 3;
                int r = rgb[i] & 0xff;
                int g = rgb[i + 1] & 0xff;
                int b = rgb[i + 2] & 0xff;
                if (g > r + 40 && g > b + 40) {
                    green++;
                }
                int x = px % 16;
                int y = px / 16;
                if (g > 170 && x >= 5 && x <= 10 && y >= 2 && y <= 6) {
                    brightMiddle++;
                } else if (g > 200 && (x < 3 || x > 12)) {
                    brightSides++;
                }
            }
            // The camera's bright disc in the middle: flat green (ffmpeg concealing a broken frame) is no picture.
            if (green > 16 * 9 * 8 / 10 && brightMiddle >= 2 && brightSides == 0) {
                pictures++;
            }
        }
        return pictures;
    }
}
