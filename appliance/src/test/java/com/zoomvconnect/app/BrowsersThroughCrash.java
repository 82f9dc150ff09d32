package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Decoding;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Two Chromium guests in a meeting of an appliance that is about to be killed (SIGKILL): after the
 * restart, each page's own automatic rejoin (web client, {@code js/app.js}) brings it back into the
 * meeting, and each decodes the other's video and audio again (docs/operations.md, "What survives a
 * crash"). The meeting has no waiting room, so the guests' fresh grants let them straight in.
 */
final class BrowsersThroughCrash implements AutoCloseable {
    private final Browsers browsers;
    private final CdpPage ann;
    private final CdpPage bob;

    private BrowsersThroughCrash(Browsers browsers, CdpPage ann, CdpPage bob) {
        this.browsers = browsers;
        this.ann = ann;
        this.bob = bob;
    }

    /** Creates a meeting open to guests, opens it in two Chromiums and waits until they decode each other. */
    static BrowsersThroughCrash start(ApiClient api, String base, String hostToken) throws IOException {
        var r = api.post("/api/v1/meetings", hostToken, Map.of("title", "Browsers through the crash", "allowGuests", true));
        assertEquals(201, r.status(), r.body());
        String code = r.json().path("code").asText();
        Browsers browsers = new Browsers("kill-durability").prelaunch(2);
        try {
            CdpPage ann = browsers.open(base + "/j/" + code + "?name=Ann&autojoin=1&res=180");
            CdpPage bob = browsers.open(base + "/j/" + code + "?name=Bob&autojoin=1&res=180");
            var b = new BrowsersThroughCrash(browsers, ann, bob);
            b.awaitDecoding(Duration.ofSeconds(90), "before the crash");
            // The rooms before the crash: the rejoin builds new ones (app.js), whose counters start from zero.
            for (CdpPage p : List.of(ann, bob)) {
                p.evaluate("window.__roomBeforeCrash = window.zvc.room, true");
            }
            return b;
        } catch (RuntimeException | Error e) {
            browsers.close();
            throw e;
        }
    }

    /**
     * Waits until both pages rejoined by themselves and decode each other in their new rooms; returns
     * the milliseconds from {@code backNanos} (the restarted appliance announced its port).
     */
    long awaitRejoinedAndDecoding(long backNanos, Duration timeout) {
        for (CdpPage p : List.of(ann, bob)) {
            p.waitFor("window.zvc?.room !== window.__roomBeforeCrash && window.zvc?.room?.state === 'joined'", timeout);
        }
        awaitDecoding(timeout, "after the restart");
        return (System.nanoTime() - backNanos) / 1_000_000;
    }

    private void awaitDecoding(Duration timeout, String when) {
        try {
            Decoding.await(ann, "Bob", timeout);
            Decoding.await(bob, "Ann", timeout);
        } catch (AssertionError e) {
            throw new AssertionError(when + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        browsers.close();
    }
}
