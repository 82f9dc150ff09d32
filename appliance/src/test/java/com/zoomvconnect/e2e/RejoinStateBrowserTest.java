package com.zoomvconnect.e2e;

import static com.zoomvconnect.e2e.SimulcastBrowserTest.awaitTopLayer;
import static com.zoomvconnect.e2e.SimulcastBrowserTest.decodedHeightOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.e2e.ImpairedLink.Condition;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.NetNamespace;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the person chose survives a rejoin. Bob's Chromium runs in a network namespace, pins Ann
 * (who publishes 720p simulcast) and turns on speaker view; then his link goes dark, both ways,
 * until his page gives the socket up and starts over as a new room (a rejoin, not an ICE
 * restart). Back on the network, the new room has Ann pinned and speaker view on, its first tile
 * sizes ask the SFU for Ann's large layer, and Bob decodes her top layer again. Before the pin was
 * carried, the rejoined page showed Ann in the gallery at 360p for good (docs/performance.md,
 * the blackout of the impaired-network benchmark). Needs root, iproute2, nftables and socat.
 */
class RejoinStateBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(40);
    /** The participant in the spotlight (pinned, in speaker view else the speaker). */
    private static final String SPOTLIGHT = "document.querySelector('.tile.spotlight')?.dataset.participantId ?? ''";

    @Test
    void aRejoinAfterABlackoutKeepsThePinAndSpeakerViewAndClimbsBackToTheTopLayer() throws Exception {
        List<Chromium> browsers = new ArrayList<>();
        NetNamespace ns = NetNamespace.create(); // first: the SFU then announces its link's address
        ImpairedLink link = new ImpairedLink(ns);
        CdpPage bob = null;
        try (Appliance a = TestAppliance.startH2OnAllInterfaces()) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "pin@example.com", "password", "password1",
                    "displayName", "Pin")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Rejoin", "allowGuests", true)).json()
                    .path("code").asText();
            // Ann's Chromium keeps a net log, for a stall of her first page (Browsers.reloadOnceIfModulesStall).
            Path netLog = Browsers.artifacts().resolve("rejoin-ann-" + System.nanoTime() + ".netlog.json").toAbsolutePath();
            Chromium pub = Chromium.launch("--use-fake-device-for-media-stream=fps=30", "--log-net-log=" + netLog);
            browsers.add(pub);
            CdpPage ann = pub.newPage("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=Ann&autojoin=1&res=720");
            Browsers.reloadOnceIfModulesStall(ann, "Ann", netLog);
            ann.waitFor("window.zvc?.room?.state === 'joined'", T);
            Chromium viewer = ns.chromium("--use-fake-device-for-media-stream=fps=30");
            browsers.add(viewer);
            bob = viewer.newPage("https://" + ns.hostAddress() + ":" + a.httpsPort() + "/j/" + code
                    + "?name=Bob&autojoin=1&res=360&muted=1");
            bob.waitFor("window.zvc?.room?.state === 'joined'", T);
            bob.waitFor(decodedHeightOf("Ann") + ".then(h => h > 0)", T);
            String annId = ann.evaluate("window.zvc.room.self.id").asText();

            // Bob's choices: Ann pinned, speaker view on.
            bob.evaluate("document.querySelector('.tile[data-participant-id=\"" + annId + "\"]').click(),"
                    + " document.querySelector('#layout').click(), true");
            assertEquals(annId, bob.evaluate(SPOTLIGHT).asText(), "Ann pinned");
            int before = topLayerWithin(ann, bob, T);
            System.out.printf("before the blackout: Bob decodes Ann at %dp (her top layer)%n", before);

            // Dark both ways until the page gives up its socket and builds a new room.
            bob.evaluate("window.__old = window.zvc.room, true");
            long cut = System.nanoTime();
            link.apply(Condition.BLACKOUT_5S);
            try {
                bob.waitFor("window.zvc.room !== window.__old", Duration.ofSeconds(30));
            } finally {
                link.clear();
            }
            long back = System.nanoTime();
            bob.waitFor("window.zvc.room.state === 'joined'", T);
            long rejoined = System.nanoTime();
            System.out.printf("link dark for %d ms; rejoined %d ms after it was back%n", (back - cut) / 1_000_000,
                    (rejoined - back) / 1_000_000);

            // The new room has Bob's choices: Ann pinned (in the spotlight), speaker view on.
            assertEquals(annId, bob.evaluate(SPOTLIGHT).asText(), "the pin came along: Ann is in the spotlight");
            assertEquals(annId, bob.evaluate("window.zvc.room.store.state.pinned").asText(), "the store knows the pin");
            assertTrue(bob.evaluate("window.zvc.room.store.state.speakerView"
                    + " && document.querySelector('#grid').classList.contains('speaker-view')").asBoolean(), "speaker view came along");

            // And the SFU's new session for Bob climbs back to Ann's top layer.
            int after = topLayerWithin(ann, bob, T);
            System.out.printf("after the rejoin: Bob decodes Ann at %dp, %d ms after rejoining; Bob's network log %s%n", after,
                    (System.nanoTime() - rejoined) / 1_000_000, bob.evaluate("window.zvc.network.slice(-12).map(s => s.what)"));
        } finally {
            if (bob != null) {
                Path dir = Path.of("target", "browser-artifacts");
                Files.createDirectories(dir);
                Files.write(dir.resolve("rejoin-state.log"), bob.consoleLog());
            }
            browsers.forEach(Chromium::close);
            link.clear();
            ns.close();
        }
    }

    /**
     * Waits until Bob decodes the largest layer Ann sends, above the 360p a gallery tile gets
     * (Chrome may send 540p as its top layer on a loaded machine); returns its height.
     */
    private static int topLayerWithin(CdpPage ann, CdpPage bob, Duration timeout) throws InterruptedException {
        int[] heights = awaitTopLayer(ann, bob, 360, timeout);
        if (heights[0] <= 360 || heights[0] < heights[1]) {
            throw new AssertionError("Bob decodes Ann at " + heights[0] + "p, her top layer is " + heights[1] + "p");
        }
        return heights[0];
    }
}
