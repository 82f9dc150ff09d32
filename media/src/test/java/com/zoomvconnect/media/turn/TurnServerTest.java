package com.zoomvconnect.media.turn;

import static com.zoomvconnect.media.turn.TurnClient.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8656 allocations against a real server: credentials, nonces, lifetimes, quota (relaying is in {@link TurnRelayTest}). */
class TurnServerTest extends TurnServerFixture {
    @Test
    void allocateWithoutCredentialsIsChallengedWithRealmAndNonce() throws Exception {
        try (var c = client("p1")) {
            StunMessage m = c.requestOnce(Stun.ALLOCATE, TurnClient.tid(), w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
            assertEquals(Stun.ALLOCATE | Stun.CLASS_ERROR, m.type());
            assertEquals(401, m.errorCode().orElseThrow());
            assertEquals("zvc.test", m.realm().orElseThrow());
            assertFalse(m.nonce().orElseThrow().isEmpty());
            assertFalse(m.has(Stun.MESSAGE_INTEGRITY), "RFC 8489 §9.2.4: a challenge carries no integrity");
            assertEquals(0, server.allocationCount());
            assertEquals(1, server.snapshot().get("refused_challenged"));
        }
    }

    @Test
    void allocateWithCredentialsReturnsTheRelayedAddress() throws Exception {
        try (var c = client("p1")) {
            StunMessage m = c.allocate();
            assertSuccess(m);
            assertTrue(m.verifyIntegrity(c.key()), "the response is signed with the long-term key");
            InetSocketAddress relayed = m.xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            assertEquals(LO, relayed.getAddress());
            assertNotEquals(0, relayed.getPort());
            assertEquals(600L, m.lifetime().orElseThrow());
            assertEquals(c.localAddress(), m.mappedAddress().orElseThrow());
            assertEquals(1, server.allocationCount());
            assertEquals(1, server.snapshot().get("allocations"));
        }
    }

    @Test
    void aSecondAllocateOnTheSameFiveTupleIs437() throws Exception {
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            StunMessage second = c.requestOnce(Stun.ALLOCATE, TurnClient.tid(), w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
            assertEquals(437, second.errorCode().orElseThrow());
            assertTrue(second.verifyIntegrity(c.key()));
            assertEquals(1, server.allocationCount());
        }
    }

    @Test
    void retransmissionOfTheAllocateGetsTheSameRelayedAddress() throws Exception {
        try (var c = client("p1")) {
            c.allocate(); // challenge, then success
            byte[] tid = TurnClient.tid();
            try (var d = client("p2")) {
                d.realm = c.realm;
                d.nonce = null;
                StunMessage challenge = d.requestOnce(Stun.ALLOCATE, tid, w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
                d.nonce = challenge.nonce().orElseThrow();
                StunMessage one = d.requestOnce(Stun.ALLOCATE, tid, w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
                StunMessage two = d.requestOnce(Stun.ALLOCATE, tid, w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
                assertSuccess(one);
                assertSuccess(two);
                assertEquals(one.xorAddress(Stun.XOR_RELAYED_ADDRESS), two.xorAddress(Stun.XOR_RELAYED_ADDRESS));
                assertEquals(2, server.allocationCount());
            }
        }
    }

    @Test
    void staleNonceIs438WithAFreshNonceThatWorks() throws Exception {
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            assertSuccess(c.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 3600)));
            String old = c.nonce;
            clock.advance(Duration.ofMinutes(11));
            StunMessage stale = c.requestOnce(Stun.REFRESH, TurnClient.tid(), w -> w);
            assertEquals(438, stale.errorCode().orElseThrow());
            assertEquals("zvc.test", stale.realm().orElseThrow());
            assertNotEquals(old, stale.nonce().orElseThrow());
            c.nonce = stale.nonce().orElseThrow();
            StunMessage refreshed = c.requestOnce(Stun.REFRESH, TurnClient.tid(), w -> w);
            assertSuccess(refreshed);
            assertEquals(1, server.counters().refusals(Refusal.STALE_NONCE));
        }
    }

    @Test
    void aNonceIssuedToAnotherClientIsStale() throws Exception {
        try (var c = client("p1"); var d = client("p2")) {
            assertSuccess(c.allocate());
            d.realm = c.realm;
            d.nonce = c.nonce;
            StunMessage m = d.requestOnce(Stun.ALLOCATE, TurnClient.tid(), w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
            assertEquals(438, m.errorCode().orElseThrow());
        }
    }

    @Test
    void wrongPasswordIs401() throws Exception {
        try (var c = client("p1")) {
            c.password = TurnCredentials.password("another secret, 16 bytes or more".getBytes(StandardCharsets.US_ASCII), c.username);
            StunMessage m = c.allocate();
            assertEquals(401, m.errorCode().orElseThrow());
            assertTrue(m.nonce().isPresent());
            assertFalse(m.has(Stun.MESSAGE_INTEGRITY));
            assertEquals(0, server.allocationCount());
            assertTrue(server.counters().refusals(Refusal.BAD_CREDENTIALS) >= 1);
        }
    }

    @Test
    void expiredCredentialIsRefusedWith401AndAFreshNonce() throws Exception {
        try (var c = new TurnClient(listener.localAddress())) {
            c.credentials(TurnCredentials.issue(SECRET, "p1", clock.epochSeconds() - 1));
            StunMessage first = c.requestOnce(Stun.ALLOCATE, TurnClient.tid(), w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
            assertEquals(401, first.errorCode().orElseThrow());
            c.realm = first.realm().orElseThrow();
            c.nonce = first.nonce().orElseThrow();
            StunMessage second = c.requestOnce(Stun.ALLOCATE, TurnClient.tid(), w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
            assertEquals(401, second.errorCode().orElseThrow());
            assertTrue(second.nonce().isPresent());
            assertEquals(1, server.counters().refusals(Refusal.EXPIRED_CREDENTIALS));
            assertEquals(0, server.allocationCount());
        }
    }

    @Test
    void aCredentialExpiresWithTheClock() throws Exception {
        try (var c = new TurnClient(listener.localAddress())) {
            c.credentials(TurnCredentials.issue(SECRET, "p1", clock.epochSeconds() + 60));
            assertSuccess(c.allocate());
            clock.advance(Duration.ofSeconds(61));
            assertEquals(401, c.request(Stun.REFRESH, w -> w).errorCode().orElseThrow());
        }
    }

    @Test
    void onlyUdpRelaysAreOffered() throws Exception {
        try (var c = client("p1")) {
            StunMessage tcp = c.request(Stun.ALLOCATE, w -> w.int32(Stun.REQUESTED_TRANSPORT, 6 << 24));
            assertEquals(442, tcp.errorCode().orElseThrow());
            StunMessage none = c.request(Stun.ALLOCATE, w -> w);
            assertEquals(400, none.errorCode().orElseThrow());
            StunMessage v6 = c.request(Stun.ALLOCATE, w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24)
                    .int32(Stun.REQUESTED_ADDRESS_FAMILY, 2 << 24));
            assertEquals(440, v6.errorCode().orElseThrow());
            StunMessage dontFragment = c.request(Stun.ALLOCATE, w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24)
                    .flag(Stun.DONT_FRAGMENT));
            assertEquals(420, dontFragment.errorCode().orElseThrow());
            assertTrue(dontFragment.has(Stun.UNKNOWN_ATTRIBUTES));
            assertEquals(0, server.allocationCount());
        }
    }

    @Test
    void refreshSetsTheLifetimeWithinBoundsAndZeroDeletes() throws Exception {
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            StunMessage longer = c.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 1200));
            assertSuccess(longer);
            assertEquals(1200L, longer.lifetime().orElseThrow());
            assertEquals(3600L, c.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 100_000)).lifetime().orElseThrow());
            assertEquals(600L, c.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 30)).lifetime().orElseThrow());
            clock.advance(Duration.ofSeconds(590));
            server.sweep();
            assertEquals(1, server.allocationCount(), "refreshed to 600 s: still alive after 590 s");

            StunMessage delete = c.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 0));
            assertSuccess(delete);
            assertEquals(0L, delete.lifetime().orElseThrow());
            assertEquals(0, server.allocationCount());
            assertEquals(437, c.request(Stun.REFRESH, w -> w).errorCode().orElseThrow());
            assertEquals(1, server.snapshot().get("allocations_deleted"));
        }
    }

    @Test
    void anotherUsersCredentialsCannotTouchTheAllocation() throws Exception {
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            c.credentials(TurnCredentials.issue(SECRET, "p2", clock.epochSeconds() + 3600));
            assertEquals(441, c.request(Stun.REFRESH, w -> w).errorCode().orElseThrow());
        }
    }

    @Test
    void aUserMayHoldOnlyItsQuotaOfAllocations() throws Exception {
        start(TurnConfig.defaults("zvc.test", SECRET, LO, RelayPolicy.only(List.of("127.0.0.1"))).withQuota(2));
        try (var a = client("p1"); var b = client("p1"); var c = client("p1"); var other = client("p2")) {
            assertSuccess(a.allocate());
            assertSuccess(b.allocate());
            assertEquals(486, c.allocate().errorCode().orElseThrow());
            assertSuccess(other.allocate());
            assertSuccess(a.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 0)));
            assertSuccess(c.allocate());
            assertEquals(1, server.counters().refusals(Refusal.QUOTA_REACHED));
        }
    }

    @Test
    void anAllocationExpiresOnTheClockAndItsRelayCloses() throws Exception {
        try (var c = client("p1")) {
            InetSocketAddress relayed = c.allocate().xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            assertSuccess(c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            clock.advance(Duration.ofSeconds(599));
            server.sweep();
            assertEquals(1, server.allocationCount());
            clock.advance(Duration.ofSeconds(2));
            server.sweep();
            assertEquals(0, server.allocationCount());
            assertEquals(1, server.snapshot().get("allocations_expired"));
            peer.send(new DatagramPacket(new byte[] {1}, 1, relayed));
            assertTrue(c.silentFor(200));
            assertEquals(437, c.request(Stun.REFRESH, w -> w).errorCode().orElseThrow());
            assertSuccess(c.allocate()); // the quota was given back
        }
    }

    @Test
    void aBindingRequestIsAnsweredWithoutCredentials() throws Exception {
        try (var c = client("p1")) {
            StunMessage m = c.requestOnce(Stun.BINDING_REQUEST, TurnClient.tid(), w -> w);
            assertEquals(Stun.BINDING_SUCCESS, m.type());
            assertEquals(c.localAddress(), m.mappedAddress().orElseThrow());
        }
    }
}
