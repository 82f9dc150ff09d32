package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.testing.browser.BrowserPage;
import java.time.Duration;

/**
 * Checks that a page's session resumed on a new signaling socket kept its peer connections (the
 * same RTCPeerConnection objects, the same DTLS certificate) and that media flows on them again.
 */
final class KeptConnections {
    private static final String FINGERPRINT = """
            (async () => {
              const stats = await window.zvc.room.media.subscriber.getStats();
              let cert = null;
              stats.forEach(s => { if (s.type === 'transport') cert = s.localCertificateId; });
              let fp = null;
              stats.forEach(s => { if (s.id === cert) fp = s.fingerprint; });
              return fp;
            })()""";

    private final BrowserPage page;
    private final String fingerprint;

    private KeptConnections(BrowserPage page) {
        this.page = page;
        page.evaluate("window.__pcs = [window.zvc.room.media.subscriber, window.zvc.room.media.publisher], true");
        this.fingerprint = page.evaluate(FINGERPRINT).asText();
    }

    /** Notes the page's peer connections now, before its socket drops. */
    static KeptConnections of(BrowserPage page) {
        return new KeptConnections(page);
    }

    /** The page's room (a new one after the resume) uses the connections noted before. */
    void assertKept() {
        assertTrue(page.evaluate("window.zvc.room.media.subscriber === window.__pcs[0] && window.zvc.room.media.publisher === window.__pcs[1]")
                .asBoolean(), "the same RTCPeerConnection objects after the resume");
        assertEquals(fingerprint, page.evaluate(FINGERPRINT).asText(), "the same local DTLS certificate");
    }

    /**
     * Waits until {@code page} decodes new video frames and receives new audio from {@code name}:
     * the counters of a kept connection keep their totals, so only an increase shows media flowing.
     */
    static void decodesAgain(BrowserPage page, String name, Duration timeout) {
        String totals = """
                (async () => {
                  const s = await window.zvc.room.snapshot();
                  const id = s.participants.find(p => p.displayName === '%s')?.id;
                  const mine = s.remote.filter(r => r.participantId === id);
                  return { frames: mine.filter(r => r.kind === 'video').reduce((a, r) => a + r.framesDecoded, 0),
                           packets: mine.filter(r => r.kind === 'audio').reduce((a, r) => a + r.packetsReceived, 0) };
                })()""".formatted(name).strip();
        page.evaluate("(async () => { window.__before = await " + totals + "; return true; })()");
        page.waitFor("(async () => { const n = await " + totals + "; return n.frames > window.__before.frames + 10"
                + " && n.packets > window.__before.packets + 20; })()", timeout);
    }
}
