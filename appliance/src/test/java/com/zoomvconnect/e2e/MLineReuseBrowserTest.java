package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 in real Chromium: subscribers stay while publishers join and leave one after another.
 * The SFU hands each newcomer the m-lines the one before left (same mid, new SSRC and msid), so the
 * subscriber's remote description keeps two m-lines; the subscriber decodes the newest publisher on
 * the reused mid, the tile with that publisher's name shows it, and the old track ended first. With
 * end-to-end encryption the reused receiver decrypts with the new publisher's key, through both
 * encoded-transform APIs (RTCRtpScriptTransform, and createEncodedStreams, which can be set up only
 * once per receiver). Without the SFU's reuse the first test fails at the third publisher (6
 * m-lines); without the worker's re-binding the second's createEncodedStreams subscriber refuses
 * the second publisher's frames as another sender's.
 */
class MLineReuseBrowserTest implements BrowserTest {
    private static final Duration JOIN = Duration.ofSeconds(60);
    private static final Duration MEDIA = Duration.ofSeconds(120);

    /** Logs the media session's remote track events in {@code window.trackLog}, as [event, mid, participant id]. */
    private static final String TRACK_LOG = """
            (() => {
              window.trackLog = [];
              const m = window.zvc.room.media;
              m.addEventListener('remotetrack', (e) => trackLog.push(['track', e.detail.info.mid, e.detail.info.participantId]));
              m.addEventListener('remotetrackended', (e) => trackLog.push(['ended', e.detail.info.mid, e.detail.info.participantId]));
              return true;
            })()""";

    /**
     * Where {@code page} stands with publisher %1$s's camera: the mid it arrives on, the SSRC the
     * remote description announces there, the stats under that SSRC, whether the tile named %1$s shows
     * that transceiver's track (and no other tile does). {@code ok} when it decodes there.
     */
    private static final String CAMERA_OF = """
            (async () => {
              const r = window.zvc.room;
              const pc = r.media.subscriber;
              const p = [...r.store.state.participants.values()].find((p) => p.displayName === '%1$s');
              const info = p && [...r.media.downTracks.values()].find((t) => t.participantId === p.id && t.kind === 'video');
              if (!info) return { ok: false, why: 'no camera track of %1$s', mLines: pc.remoteDescription?.sdp.split('\\r\\nm=').length - 1 };
              const section = pc.remoteDescription.sdp.split('\\r\\nm=').find((s) => s.includes('\\r\\na=mid:' + info.mid + '\\r\\n'));
              const ssrc = Number(/a=ssrc:(\\d+) /.exec(section)?.[1]);
              const tr = pc.getTransceivers().find((t) => t.mid === info.mid);
              const stats = (await r.media.remoteStats()).find((s) => s.mid === info.mid && s.ssrc === ssrc);
              const tile = document.querySelector(`.tile[data-participant-id="${p.id}"]`);
              const video = tile?.querySelector('video');
              const holders = [...document.querySelectorAll('.tile video, .tile audio')]
                .filter((v) => v.srcObject?.getTracks().includes(tr.receiver.track)).length;
              const res = {
                mid: info.mid, ssrc, id: p.id, direction: tr.currentDirection, mLines: pc.remoteDescription.sdp.split('\\r\\nm=').length - 1,
                decoded: stats?.framesDecoded ?? 0, width: video?.videoWidth ?? 0, holders,
                name: tile?.querySelector('.name')?.textContent, shown: video?.srcObject?.getVideoTracks()[0] === tr.receiver.track,
              };
              res.ok = res.direction === 'recvonly' && res.decoded > 10 && res.width > 0 && res.shown && res.holders === 1;
              return res;
            })()""";

    private static JsonNode cameraOf(CdpPage page, String name) {
        return page.evaluate(CAMERA_OF.formatted(name));
    }

    /** Waits until {@code page} decodes {@code name}'s camera on its tile; what it found then. */
    private static JsonNode waitForCamera(CdpPage page, String name) throws InterruptedException {
        long deadline = System.nanoTime() + MEDIA.toNanos();
        JsonNode last = cameraOf(page, name);
        while (!last.path("ok").asBoolean()) {
            if (System.nanoTime() > deadline) {
                String seen = page.evaluate("window.zvc.room.snapshot().then(s => JSON.stringify({ self: s.self?.displayName,"
                        + " remote: s.remote.map(r => [r.mid, r.ssrc, r.kind, r.participantId, r.packetsReceived, r.framesDecoded]),"
                        + " e2ee: s.e2ee?.frames ?? null }))").asText();
                throw new AssertionError("not decoding " + name + "'s camera: " + last + "; the page has " + seen);
            }
            Thread.sleep(500);
            last = cameraOf(page, name);
        }
        return last;
    }

    /** Waits until {@code page} has answered the offer that made {@code mid} inactive (and the tile of who left is gone). */
    private static void waitForInactive(CdpPage page, String mid, String participantId) {
        page.waitFor(("(() => { const pc = window.zvc.room.media.subscriber; const t = pc.getTransceivers().find((t) => t.mid === '%s');"
                + " return pc.signalingState === 'stable' && t?.currentDirection === 'inactive'"
                + " && !document.querySelector('.tile[data-participant-id=\"%s\"]'); })()").formatted(mid, participantId), MEDIA);
    }

    private static String meeting(Appliance a, boolean e2ee) {
        var api = new ApiClient(a.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                "displayName", "Host"));
        var m = api.post("/api/v1/meetings", r.json().path("accessToken").asText(),
                Map.of("title", "Churn", "allowGuests", true, "e2ee", e2ee));
        assertEquals(201, m.status(), m.body());
        return m.json().path("code").asText();
    }

    /**
     * Publishers join one after another in tabs of one Chromium, each leaving before the next comes;
     * every subscriber must decode each on the first one's camera mid with the right tile, its
     * m-lines staying at most two per participant it receives (microphone and camera) and the two of
     * who just left, not yet answered inactive. Returns the last publisher's participant id.
     */
    private static String churn(Appliance a, String code, List<CdpPage> subscribers, int publishers) throws Exception {
        for (CdpPage s : subscribers) {
            s.evaluate(TRACK_LOG);
        }
        String url = "https://localhost:" + a.httpsPort() + "/j/" + code + "?autojoin=1&res=180&simulcast=0&name=";
        int maxMLines = 2 * subscribers.size() + 2; // the other subscribers, the publisher, and who just left
        Map<CdpPage, List<String>> cameraMids = new java.util.HashMap<>();
        String lastId = null;
        try (Chromium pubs = Chromium.context()) {
            for (int i = 0; i < publishers; i++) {
                String name = "Pub" + i;
                CdpPage pub = pubs.newPage(url + name);
                try {
                    pub.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
                    for (CdpPage s : subscribers) {
                        JsonNode cam = waitForCamera(s, name);
                        System.out.println("m-line reuse: " + name + " on " + cam);
                        assertTrue(cam.path("mLines").asInt() <= maxMLines, "m-lines stay bounded: " + cam);
                        assertEquals(name, cam.path("name").asText());
                        cameraMids.computeIfAbsent(s, k -> new ArrayList<>()).add(cam.path("mid").asText());
                        lastId = cam.path("id").asText();
                    }
                    if (i == publishers - 1) {
                        break; // the last one stays, decoded
                    }
                    pub.evaluate("document.querySelector('#leave').click(); true");
                    for (CdpPage s : subscribers) {
                        waitForInactive(s, cameraMids.get(s).getLast(), lastId);
                    }
                } finally {
                    if (i < publishers - 1) {
                        pub.close();
                    }
                }
            }
            // Each subscriber saw every publisher's camera on one reused mid, each start there and the one before end first.
            for (CdpPage s : subscribers) {
                List<String> mids = cameraMids.get(s);
                assertEquals(1, mids.stream().distinct().count(), "every publisher's camera came on one reused mid: " + mids);
                JsonNode log = s.evaluate("JSON.stringify(trackLog.filter((e) => e[1] === '" + mids.getFirst() + "'))");
                JsonNode events = ApiClient.JSON.readTree(log.asText());
                assertEquals(2 * publishers - 1, events.size(), events.toString());
                for (int k = 0; k < events.size(); k++) {
                    assertEquals(k % 2 == 0 ? "track" : "ended", events.get(k).get(0).asText(), events.toString());
                }
                assertEquals(lastId, events.get(events.size() - 1).get(2).asText());
            }
        }
        return lastId;
    }

    @Test
    void aSubscriberWhoStaysSeesEachNewPublisherOnTheReusedMLines() throws Exception {
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("mline-reuse")) {
            String code = meeting(a, false);
            CdpPage sam = browsers.open("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=Sam&autojoin=1&res=180&simulcast=0");
            sam.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
            churn(a, code, List.of(sam), 4);
        }
    }

    @Test
    void aReusedReceiverDecryptsWithTheNewPublishersKeyThroughBothTransformApis() throws Exception {
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("mline-reuse-e2ee")) {
            String code = meeting(a, true);
            String base = "https://localhost:" + a.httpsPort() + "/j/" + code + "?autojoin=1&res=180&simulcast=0&name=";
            CdpPage script = browsers.open(base + "Sam");
            // Sue's browser has only the older API: every receiver is piped once through createEncodedStreams.
            CdpPage encoded = browsers.open("about:blank");
            encoded.addScriptOnNewDocument("delete window.RTCRtpScriptTransform;");
            encoded.navigate(base + "Sue", JOIN);
            List<CdpPage> subscribers = List.of(script, encoded);
            for (CdpPage s : subscribers) {
                s.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
            }
            assertTrue(encoded.evaluate("window.zvc.room.media.config.encodedInsertableStreams === true").asBoolean(),
                    "Sue uses createEncodedStreams");
            String last = churn(a, code, subscribers, 3);
            for (CdpPage s : subscribers) {
                JsonNode frames = s.evaluate("window.zvc.room.snapshot().then(s => s.e2ee.frames)");
                assertTrue(frames.path("bySender").path(last + "/video").path("decrypted").asInt() > 10, frames.toString());
                assertEquals(0, frames.path("wrongSender").asInt(), "no frame was taken for another sender's: " + frames);
            }
        }
    }
}
