package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.media.turn.TurnServer;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.NetNamespace;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Axe;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Decoding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Chromium participants meet through the appliance's built-in TURN server, with the
 * credentials their welcome carried, and decode each other: forced onto the relay over UDP
 * ({@code ?transport=relay}) and over TLS on the HTTPS port ({@code ?transport=relay-tls}); and,
 * unforced, from a network namespace whose firewall lets out only TCP to the HTTPS port (so TURN
 * over TLS is the only way) or drops UDP and TCP to the media port (so TURN over TCP is the best
 * way left). The relay allow-list is its default: the SFU's own addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TurnRelayBrowserTest implements BrowserTest {
    /** How long each page may take to decode the other (a relayed path, TCP or TLS, on a busy machine). */
    private static final Duration MEDIA = Duration.ofSeconds(60);

    private NetNamespace ns;
    private Appliance appliance;
    private ApiClient api;
    private String hostToken;

    @BeforeAll
    void start() {
        ns = NetNamespace.create(); // first: its link's address is then one the SFU announces
        appliance = TestAppliance.startH2OnAllInterfaces();
        api = new ApiClient(appliance.httpsPort());
        hostToken = api.post("/api/v1/auth/register", null, Map.of("email", "relay@example.com", "password", "host password",
                "displayName", "Host")).json().path("accessToken").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
        ns.close();
    }

    private CdpPage join(Browsers browsers, String code, String name, String transport) {
        // Chromium's net log (sockets, TLS, requests), kept if the page stalls (Browsers.reloadOnceIfModulesStall).
        Path netLog = Browsers.artifacts().resolve("turn-relay-" + name + "-" + System.nanoTime() + ".netlog.json");
        CdpPage page = browsers.open("https://localhost:" + appliance.httpsPort() + "/j/" + code + "?name=" + name
                + "&autojoin=1&res=360&transport=" + transport, "--log-net-log=" + netLog.toAbsolutePath());
        try {
            Browsers.reloadOnceIfModulesStall(page, name, netLog);
            page.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
        } catch (AssertionError e) {
            // Where the page stopped: the lobby, waiting, or a join without its publish answer.
            throw new AssertionError(name + " did not join; page: " + page.evaluate("""
                    JSON.stringify({ url: location.href, state: window.zvc?.room?.state ?? null,
                      publisher: window.zvc?.room?.media?.publisher?.signalingState ?? null,
                      text: document.body.innerText.slice(0, 300) })""").asText(), e);
        }
        return page;
    }

    /** The type of the local candidate in the selected pair (and how a relay candidate reaches its server). */
    private static String selectedLocalCandidateType(CdpPage page, String pc) {
        JsonNode c = selectedLocalCandidate(page, pc);
        return c.path("candidateType").asText() + (c.hasNonNull("relayProtocol") ? "/" + c.path("relayProtocol").asText() : "");
    }

    /** The local address of the selected candidate pair of one of the page's connections. */
    private static String selectedLocalAddress(CdpPage page, String pc) {
        return selectedLocalCandidate(page, pc).path("address").asText();
    }

    /** The local-candidate stats of the selected pair of {@code pc} ('publisher' or 'subscriber'). */
    private static JsonNode selectedLocalCandidate(CdpPage page, String pc) {
        return page.evaluate("""
                (async () => {
                  const stats = await window.zvc.room.media.%s.getStats();
                  let pair = null;
                  stats.forEach(s => { if (s.type === 'transport') pair = s.selectedCandidatePairId; });
                  let local = null;
                  stats.forEach(s => { if (s.id === pair) local = s.localCandidateId; });
                  let candidate = null;
                  stats.forEach(s => { if (s.id === local) candidate = s; });
                  return candidate && { candidateType: candidate.candidateType, relayProtocol: candidate.relayProtocol ?? null,
                    address: candidate.address };
                })()""".formatted(pc));
    }

    @Test
    void twoParticipantsForcedOntoTheRelayDecodeEachOther() throws Exception {
        String code = api.post("/api/v1/meetings", hostToken, Map.of("title", "Relay", "allowGuests", true)).json().path("code").asText();
        try (Browsers browsers = new Browsers("turn-relay")) {
            CdpPage ann = join(browsers, code, "Ann", "relay");
            CdpPage bob = join(browsers, code, "Bob", "relay");
            Decoding.await(ann, "Bob", MEDIA);
            Decoding.await(bob, "Ann", MEDIA);
            for (CdpPage page : List.of(ann, bob)) {
                for (String pc : List.of("subscriber", "publisher")) {
                    // UDP or TCP to the TURN port: both are offered, and on a busy machine the TCP pair may be nominated first.
                    assertTrue(selectedLocalCandidateType(page, pc).startsWith("relay/"), pc + " connection's selected pair: "
                            + selectedLocalCandidateType(page, pc));
                }
            }
            TurnServer turn = appliance.turnServer().orElseThrow();
            // Chromium allocates once per peer connection and local network (here loopback IPv4 and more).
            assertTrue(turn.allocationCount() >= 4, "an allocation for each peer connection, got " + turn.allocationCount());
            var counters = turn.snapshot();
            assertTrue(counters.get("relayed_to_peer_packets") > 100, "media went through the relay: " + counters);
            assertTrue(counters.get("relayed_to_client_packets") > 100, "media came back through the relay: " + counters);
            // A browser allocates per peer connection, local network and TURN URL: none of that may hit the quota.
            assertEquals(0, counters.get("refused_quota_reached"), "allocations refused for quota: " + counters);
        }
    }

    /**
     * A network that lets only TCP 443 out: both browsers reach the relay over TLS on the HTTPS
     * port itself (TurnOnHttpsPort), and decode each other through it.
     */
    @Test
    void participantsOnlyAbleToReachTheHttpsPortMeetThroughTurnOverTls() throws Exception {
        String code = api.post("/api/v1/meetings", hostToken, Map.of("title", "Relay over TLS", "allowGuests", true)).json().path("code").asText();
        TurnServer turn = appliance.turnServer().orElseThrow();
        long streamsBefore = turn.snapshot().get("stream_connections");
        try (Browsers browsers = new Browsers("turn-relay-tls")) {
            CdpPage ann = join(browsers, code, "Ann", "relay-tls");
            CdpPage bob = join(browsers, code, "Bob", "relay-tls");
            Decoding.await(ann, "Bob", MEDIA);
            Decoding.await(bob, "Ann", MEDIA);
            for (CdpPage page : List.of(ann, bob)) {
                for (String pc : List.of("subscriber", "publisher")) {
                    assertEquals("relay/tls", selectedLocalCandidateType(page, pc), pc + " connection's selected pair");
                }
            }
            var counters = turn.snapshot();
            assertTrue(counters.get("stream_connections") - streamsBefore >= 4,
                    "a TLS connection to the HTTPS port per peer connection: " + counters);
            assertTrue(counters.get("relayed_to_client_packets") > 100, "media came back through the relay: " + counters);
        }
    }

    /**
     * Bob's network lets out only TCP to the appliance's HTTPS port (a hotel or guest Wi-Fi): he
     * joins with the default settings, his direct attempts are dropped (counted by the firewall),
     * and he meets Ann (on the open network) through TURN over TLS on that same port, which
     * meanwhile keeps serving pages.
     */
    @Test
    void aNetworkThatLetsOutOnlyTheHttpsPortMeetsThroughTurnOverTls() throws Exception {
        ns.firewall("oifname \"lo\" accept", "ct state established,related accept",
                "ip daddr " + ns.hostAddress() + " tcp dport " + appliance.httpsPort() + " accept", "counter drop");
        meetAcrossTheFirewall("relay/tls", "tls-only");
    }

    /**
     * Bob's network drops UDP and TCP to the media port but lets TCP out otherwise: the best way
     * left is TURN over TCP on the TURN port (preferred by ICE over TURN over TLS).
     */
    @Test
    void aNetworkWithoutUdpMeetsThroughTurnOverTcp() throws Exception {
        ns.firewall("oifname \"lo\" accept", "ct state established,related accept",
                "ip daddr " + ns.hostAddress() + " tcp dport { " + appliance.httpsPort() + ", " + appliance.turnPort() + " } accept",
                "counter drop");
        meetAcrossTheFirewall("relay/tcp", "no-udp");
    }

    private void meetAcrossTheFirewall(String expectedPath, String name) throws Exception {
        String code = api.post("/api/v1/meetings", hostToken, Map.of("title", "Firewalled " + name, "allowGuests", true)).json()
                .path("code").asText();
        long blockedBefore = ns.blockedPackets();
        try (Browsers browsers = new Browsers("turn-" + name)) {
            CdpPage ann = join(browsers, code, "Ann", "all");
            CdpPage bob = browsers.open(ns.chromium(), "https://" + ns.hostAddress() + ":" + appliance.httpsPort() + "/j/" + code
                    + "?name=Bob&autojoin=1&res=360");
            bob.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(60));
            Decoding.await(ann, "Bob", MEDIA);
            Decoding.await(bob, "Ann", MEDIA);
            for (String pc : List.of("subscriber", "publisher")) {
                assertEquals(expectedPath, selectedLocalCandidateType(bob, pc), "Bob's " + pc + " connection's selected pair");
            }
            assertTrue(ns.blockedPackets() > blockedBefore, "Bob's direct attempts were dropped by his firewall");
            assertEquals(200, api.send(api.builder("/api/v1/branding", null).GET()).status(), "the HTTPS port still serves the API");
        }
    }

    /**
     * Bob's laptop moves from one network to another mid-call, as from Wi-Fi to a cable: his
     * address on the first link goes away and he reaches the appliance from a new address through
     * a second link. He stays in the meeting (same participant, never shown as leaving), sends
     * from his new address and both decode each other again; the longest freeze is logged (the
     * figure is in docs/performance.md; only "it comes back" is asserted, as the machine may be busy).
     */
    @Test
    void aParticipantWhoseNetworkChangesMidCallStaysAndDecodesAgain() throws Exception {
        ns.firewall("counter accept");
        ns.addSecondLink();
        String code = api.post("/api/v1/meetings", hostToken, Map.of("title", "Moving", "allowGuests", true)).json().path("code").asText();
        try (Browsers browsers = new Browsers("network-change")) {
            CdpPage ann = join(browsers, code, "Ann", "all");
            CdpPage bob = browsers.open(ns.chromium(), "https://" + ns.hostAddress() + ":" + appliance.httpsPort() + "/j/" + code
                    + "?name=Bob&autojoin=1&res=360");
            bob.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(60));
            Decoding.await(ann, "Bob", MEDIA);
            Decoding.await(bob, "Ann", MEDIA);
            String bobId = bob.evaluate("window.zvc.room.self.id").asText();
            long handshakes = appliance.sfu().counters().dtlsHandshakes.sum();
            long moved = System.nanoTime();
            long movedAt = System.currentTimeMillis();
            ns.moveToSecondLink();
            long[] frozen = longestFreezes(List.of(bob, ann), moved, Duration.ofSeconds(8));
            System.out.printf("network change: Bob's video of Ann froze for at most %d ms, Ann's of Bob %d ms%n", frozen[0], frozen[1]);
            System.out.println("network change, Bob's steps (ms after the move): " + bob.evaluate(
                    "JSON.stringify(window.zvc.network.filter(m => m.at >= %d).map(m => (m.at - %d) + ' ' + m.what))"
                            .formatted(movedAt, movedAt)).asText());
            assertEquals(bobId, bob.evaluate("window.zvc.room.self.id").asText(), "Bob is the same participant");
            assertEquals("joined", bob.evaluate("window.zvc.room.state").asText());
            assertEquals(1, ann.evaluate("""
                    (async () => (await window.zvc.room.snapshot()).participants.filter(p => p.displayName === 'Bob').length)()""")
                    .asInt(), "Ann sees Bob once");
            assertTrue(selectedLocalAddress(bob, "publisher").equals(ns.secondAddress()),
                    "Bob sends from his new address: " + selectedLocalAddress(bob, "publisher"));
            // His socket died with the old address: the resume built new peer connections (new DTLS
            // handshakes), which came back sooner than kept ones restarting ICE (docs/protocol.md).
            assertTrue(appliance.sfu().counters().dtlsHandshakes.sum() > handshakes, "new connections after a network change");
            KeptConnections.decodesAgain(bob, "Ann", Duration.ofSeconds(20));
            KeptConnections.decodesAgain(ann, "Bob", Duration.ofSeconds(20));

            // Where the signaling socket survives the change (a VPN, a NAT rebinding), both of Bob's
            // connections restart ICE instead: new credentials, same DTLS association, no freeze.
            var counters = appliance.sfu().counters();
            long dtlsBefore = counters.snapshot().get("dtls_handshakes");
            long restartsBefore = counters.iceRestarts.sum();
            String ufragsBefore = localUfrags(bob);
            long restarted = System.nanoTime();
            bob.evaluate("window.zvc.room.media.restartIce().then(() => true)");
            bob.waitFor("""
                    ['publisher', 'subscriber'].every(n => window.zvc.room.media[n].localDescription.sdp
                      .match(/a=ice-ufrag:(\\S+)/)[1] !== '%s'.split(' ')[n === 'publisher' ? 0 : 1]
                      && window.zvc.room.media[n].connectionState === 'connected')""".formatted(ufragsBefore), Duration.ofSeconds(20));
            long[] afterRestart = longestFreezes(List.of(bob, ann), restarted, Duration.ofSeconds(3));
            System.out.printf("ICE restart: longest freeze %d ms (Bob), %d ms (Ann); path moves so far %d%n",
                    afterRestart[0], afterRestart[1], counters.icePathMoves.sum());
            assertEquals(restartsBefore + 1, counters.iceRestarts.sum(), "the server restarted the subscribe connection's ICE");
            assertEquals(dtlsBefore, counters.snapshot().get("dtls_handshakes"), "no new DTLS handshake");
        } finally {
            ns.moveToFirstLink();
        }
    }

    /**
     * The longest time, in milliseconds, each page decoded no new video frame, from
     * {@code sinceNanos} until {@code watch} later or, if a video is frozen then, until it moves
     * again. Fails if one is still frozen 30 s after.
     */
    private static long[] longestFreezes(List<CdpPage> pages, long sinceNanos, Duration watch) throws InterruptedException {
        String frames = """
                (async () => (await window.zvc.room.snapshot()).remote
                  .filter(r => r.kind === 'video').reduce((n, r) => n + (r.framesDecoded ?? 0), 0))()""";
        int n = pages.size();
        long[] last = new long[n];
        long[] lastIncrease = new long[n];
        long[] longest = new long[n];
        for (int i = 0; i < n; i++) {
            last[i] = pages.get(i).evaluate(frames).asLong();
            lastIncrease[i] = sinceNanos;
        }
        while (true) {
            Thread.sleep(100);
            boolean frozen = false;
            long now = 0;
            for (int i = 0; i < n; i++) {
                long f = pages.get(i).evaluate(frames).asLong();
                now = System.nanoTime();
                if (f > last[i] || (f < last[i] && f > 0)) { // new receivers of a rebuilt connection count from zero
                    longest[i] = Math.max(longest[i], now - lastIncrease[i]);
                    lastIncrease[i] = now;
                }
                last[i] = f;
                frozen |= now - lastIncrease[i] > 500_000_000L;
            }
            if (now - sinceNanos > watch.toNanos() && !frozen) {
                return java.util.Arrays.stream(longest).map(x -> x / 1_000_000).toArray();
            }
            if (now - sinceNanos > Duration.ofSeconds(30).toNanos()) {
                throw new AssertionError("video still frozen 30 s later");
            }
        }
    }

    private static String localUfrags(CdpPage page) {
        return page.evaluate("""
                ['publisher', 'subscriber'].map(n => window.zvc.room.media[n].localDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1]).join(' ')""")
                .asText();
    }

    /** The connection self-test as it reads on an open network: every way works, the verdict says direct. */
    @Test
    void theSelfTestFindsEveryPathOpenOnAnOpenNetwork() throws Exception {
        try (Browsers browsers = new Browsers("selftest-open")) {
            // By an address of this host (not localhost): the page's and its STUN requests' source addresses are then one.
            CdpPage page = browsers.open("https://" + ns.hostAddress() + ":" + appliance.httpsPort() + "/selftest");
            JsonNode results = selfTestResults(page);
            for (String check : List.of("https", "signaling", "udp", "turn-udp", "turn-tcp", "turn-tls")) {
                assertTrue(results.path("results").path(check).path("ok").asBoolean(), check + ": " + results);
            }
            assertEquals("good", results.path("verdict").path("level").asText(), results.toString());
            Axe.assertNoSeriousViolations(page, "the connection test");
            page.setViewport(390, 844, true);
            page.screenshot(Browsers.artifacts().resolve("selftest-open-phone.png"));
            page.setViewport(1280, 800, false);
        }
        assertTrue(appliance.sfu().counters().stunPlainBindings.sum() > 0, "the media port answered the page's STUN request");
    }

    /** Behind a firewall that lets out only TCP to the HTTPS port: only the relay over TLS passes, and the verdict says so. */
    @Test
    void theSelfTestBehindAnHttpsOnlyFirewallPointsToTheRelayOverTls() throws Exception {
        ns.firewall("oifname \"lo\" accept", "ct state established,related accept",
                "ip daddr " + ns.hostAddress() + " tcp dport " + appliance.httpsPort() + " accept", "counter drop");
        try (Browsers browsers = new Browsers("selftest-https-only")) {
            CdpPage page = browsers.open(ns.chromium(), "https://" + ns.hostAddress() + ":" + appliance.httpsPort() + "/selftest");
            JsonNode results = selfTestResults(page);
            assertTrue(results.path("results").path("signaling").path("ok").asBoolean(), results.toString());
            assertTrue(results.path("results").path("turn-tls").path("ok").asBoolean(), results.toString());
            for (String blocked : List.of("udp", "turn-udp", "turn-tcp")) {
                assertFalse(results.path("results").path(blocked).path("ok").asBoolean(), blocked + " should fail here: " + results);
            }
            assertEquals("ok", results.path("verdict").path("level").asText(), results.toString());
            assertTrue(results.path("verdict").path("text").asText().contains("over TLS"), results.toString());
        }
    }

    private static JsonNode selfTestResults(CdpPage page) {
        page.waitFor("window.zvcSelfTest?.done === true", Duration.ofSeconds(60));
        return page.evaluate("window.zvcSelfTest");
    }
}
