package com.zoomvconnect.media.turn;

import static com.zoomvconnect.media.turn.TurnClient.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8656 relaying against a real server with real peer sockets: permissions, indications, channels, policy, budget. */
class TurnRelayTest extends TurnServerFixture {
    @Test
    void permissionThenSendIndicationReachesThePeerAndTheReplyComesBackAsADataIndication() throws Exception {
        try (var c = client("p1")) {
            InetSocketAddress relayed = c.allocate().xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            assertSuccess(c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));

            byte[] hello = "hello peer".getBytes(StandardCharsets.US_ASCII);
            c.send(new StunWriter(Stun.SEND | Stun.CLASS_INDICATION, TurnClient.tid())
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress()).attribute(Stun.DATA_ATTR, hello).toBytes());
            var got = new DatagramPacket(new byte[1500], 1500);
            peer.receive(got);
            assertArrayEquals(hello, Arrays.copyOf(got.getData(), got.getLength()));
            assertEquals(relayed, got.getSocketAddress(), "the peer sees the relayed address");

            byte[] reply = "hello client!".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(reply, reply.length, relayed));
            byte[] r = c.receive();
            StunMessage data = StunMessage.parse(r, 0, r.length);
            assertEquals(Stun.DATA | Stun.CLASS_INDICATION, data.type());
            assertEquals(peerAddress(), data.xorAddress(Stun.XOR_PEER_ADDRESS).orElseThrow());
            var attr = data.attribute(Stun.DATA_ATTR).orElseThrow();
            byte[] value = new byte[attr.valueLength()];
            data.copyValue(attr, value, 0);
            assertArrayEquals(reply, value);
            assertEquals(0, r.length % 4, "STUN messages are padded to 4 bytes");

            var s = server.snapshot();
            assertEquals(1, s.get("relayed_to_peer_packets"));
            assertEquals(hello.length, s.get("relayed_to_peer_bytes"));
            assertEquals(1, s.get("relayed_to_client_packets"));
            assertEquals(reply.length, s.get("relayed_to_client_bytes"));
        }
    }

    @Test
    void withoutAPermissionNothingIsRelayedEitherWay() throws Exception {
        try (var c = client("p1")) {
            InetSocketAddress relayed = c.allocate().xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            c.send(new StunWriter(Stun.SEND | Stun.CLASS_INDICATION, TurnClient.tid())
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress()).attribute(Stun.DATA_ATTR, new byte[] {1}).toBytes());
            peer.send(new DatagramPacket(new byte[] {2}, 1, relayed));
            assertTrue(c.silentFor(300));
            assertEquals(2, server.counters().drops(TurnDrop.NO_PERMISSION));
        }
    }

    @Test
    void permissionsExpireAfterFiveMinutes() throws Exception {
        try (var c = client("p1")) {
            InetSocketAddress relayed = c.allocate().xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            assertSuccess(c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            clock.advance(Duration.ofSeconds(301));
            peer.send(new DatagramPacket(new byte[] {2}, 1, relayed));
            assertTrue(c.silentFor(300));
            assertEquals(1, server.counters().drops(TurnDrop.NO_PERMISSION));
        }
    }

    @Test
    void channelBindThenChannelDataBothWays() throws Exception {
        try (var c = client("p1")) {
            InetSocketAddress relayed = c.allocate().xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            StunMessage bound = c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4001 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress()));
            assertSuccess(bound);
            assertTrue(bound.verifyIntegrity(c.key()));

            byte[] msg = new byte[4 + 5];
            ChannelData.writeHeader(msg, 0, 0x4001, 5);
            System.arraycopy("abcde".getBytes(StandardCharsets.US_ASCII), 0, msg, 4, 5);
            c.send(msg); // no padding on UDP (RFC 8656 §12.5)
            var got = new DatagramPacket(new byte[1500], 1500);
            peer.receive(got);
            assertEquals("abcde", new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII));

            byte[] padded = Arrays.copyOf(msg, 12); // padding present is fine too
            c.send(padded);
            peer.receive(got);
            assertEquals(5, got.getLength());

            peer.send(new DatagramPacket(new byte[] {9, 8, 7}, 3, relayed));
            byte[] r = c.receive();
            assertEquals(0x4001, ChannelData.channel(r, 0));
            assertEquals(3, ChannelData.dataLength(r, 0));
            assertEquals(4 + 3, r.length, "UDP ChannelData is not padded");
            assertArrayEquals(new byte[] {9, 8, 7}, Arrays.copyOfRange(r, 4, 7));
        }
    }

    @Test
    void channelDataOnAnUnboundChannelOrTooShortIsDropped() throws Exception {
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            byte[] msg = new byte[8];
            ChannelData.writeHeader(msg, 0, 0x4002, 4);
            c.send(msg);
            ChannelData.writeHeader(msg, 0, 0x4002, 40);
            c.send(msg);
            ChannelData.writeHeader(msg, 0, 0x5001, 4);
            c.send(msg);
            assertTrue(c.silentFor(200));
            peer.setSoTimeout(200);
            assertPeerGetsNothing();
            assertEquals(1, server.counters().drops(TurnDrop.NO_CHANNEL));
            assertEquals(2, server.counters().drops(TurnDrop.MALFORMED));
        }
    }

    @Test
    void channelBindingRules() throws Exception {
        var other = new InetSocketAddress(LO, peerAddress().getPort() + 1 == 65536 ? 1 : peerAddress().getPort() + 1);
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            assertSuccess(c.request(Stun.REFRESH, w -> w.int32(Stun.LIFETIME, 3600)));
            assertSuccess(c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            // Refreshing the same binding is allowed.
            assertSuccess(c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            // The channel is taken by another address, the address by another channel: 400 (RFC 8656 §11.2).
            assertEquals(400, c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, other)).errorCode().orElseThrow());
            assertEquals(400, c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4FFF << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())).errorCode().orElseThrow());
            // Out of range, or no peer.
            assertEquals(400, c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x3FFF << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, other)).errorCode().orElseThrow());
            assertEquals(400, c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4005 << 16))
                    .errorCode().orElseThrow());
            // Ten minutes on, the binding has expired but stays reserved for five more (RFC 8656 §12).
            clock.advance(Duration.ofSeconds(601));
            assertEquals(400, c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, other)).errorCode().orElseThrow());
            clock.advance(Duration.ofSeconds(300));
            server.sweep();
            assertSuccess(c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, other)));
        }
    }

    @Test
    void relayingToAnAddressOutsideTheAllowListIsRefusedWith403() throws Exception {
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            StunMessage perm = c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())
                    .xorAddress(Stun.XOR_PEER_ADDRESS, FORBIDDEN));
            assertEquals(403, perm.errorCode().orElseThrow());
            assertTrue(perm.verifyIntegrity(c.key()));
            StunMessage bind = c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, FORBIDDEN));
            assertEquals(403, bind.errorCode().orElseThrow());
            c.send(new StunWriter(Stun.SEND | Stun.CLASS_INDICATION, TurnClient.tid())
                    .xorAddress(Stun.XOR_PEER_ADDRESS, FORBIDDEN).attribute(Stun.DATA_ATTR, new byte[] {1}).toBytes());
            // The refused CreatePermission installed nothing, not even the allowed peer's permission.
            c.send(new StunWriter(Stun.SEND | Stun.CLASS_INDICATION, TurnClient.tid())
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress()).attribute(Stun.DATA_ATTR, new byte[] {1}).toBytes());
            StunMessage v6 = c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS,
                    new InetSocketAddress("::1", 5000)));
            assertEquals(443, v6.errorCode().orElseThrow());
            assertTrue(c.silentFor(200));
            var s = server.snapshot();
            assertEquals(2, s.get("refused_forbidden_peer"));
            assertEquals(1, s.get("drop_forbidden_peer"));
            assertEquals(1, s.get("drop_no_permission"));
            assertEquals(0, s.get("relayed_to_peer_packets"));
        }
    }

    @Test
    void anAllowListRangeAdmitsItsAddresses() throws Exception {
        start(TurnConfig.defaults("zvc.test", SECRET, LO, RelayPolicy.only(List.of("127.0.0.0/8"))));
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            assertSuccess(c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS,
                    new InetSocketAddress("127.9.9.9", 1))));
            assertEquals(403, c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS,
                    new InetSocketAddress("128.0.0.1", 1))).errorCode().orElseThrow());
        }
    }

    @Test
    void theRelayBudgetCapsPacketsPerAllocation() throws Exception {
        start(TurnConfig.defaults("zvc.test", SECRET, LO, RelayPolicy.only(List.of("127.0.0.1"))).withBudget(1_000_000, 3));
        try (var c = client("p1")) {
            assertSuccess(c.allocate());
            assertSuccess(c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            byte[] msg = new byte[8];
            ChannelData.writeHeader(msg, 0, 0x4000, 4);
            for (int i = 0; i < 5; i++) {
                c.send(msg);
            }
            var got = new DatagramPacket(new byte[100], 100);
            for (int i = 0; i < 3; i++) {
                peer.receive(got);
            }
            peer.setSoTimeout(200);
            assertPeerGetsNothing();
            assertEquals(2, server.counters().drops(TurnDrop.OVER_BUDGET));
            clock.advance(Duration.ofSeconds(1));
            c.send(msg);
            peer.setSoTimeout(5000);
            peer.receive(got);
        }
    }

    @Test
    void anIpv6RelayCarriesDataIndicationsAndChannelData() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        DatagramSocket peer6;
        try {
            peer6 = new DatagramSocket(new InetSocketAddress(v6, 0));
        } catch (java.net.SocketException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here");
            return;
        }
        stop();
        listener = null;
        server = new TurnServer(TurnConfig.defaults("zvc.test", SECRET, v6, RelayPolicy.only(List.of("::1"))), clock);
        listener = TurnUdpListener.bind(new InetSocketAddress(v6, 0), server);
        peer = peer6;
        peer.setSoTimeout(5000);
        try (var c = client("p6")) {
            StunMessage allocated = c.allocate();
            assertSuccess(allocated);
            InetSocketAddress relayed = allocated.xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            assertEquals(v6, relayed.getAddress());
            assertEquals(403, c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS,
                    new InetSocketAddress("2001:db8::1", 1))).errorCode().orElseThrow());
            assertSuccess(c.request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            peer.send(new DatagramPacket(new byte[] {1, 2, 3, 4, 5, 6}, 6, relayed));
            byte[] r = c.receive();
            StunMessage data = StunMessage.parse(r, 0, r.length);
            assertEquals(Stun.DATA | Stun.CLASS_INDICATION, data.type());
            assertEquals(peerAddress(), data.xorAddress(Stun.XOR_PEER_ADDRESS).orElseThrow(), "the 16-byte mask includes the transaction id");

            assertSuccess(c.request(Stun.CHANNEL_BIND, w -> w.int32(Stun.CHANNEL_NUMBER, 0x4ABC << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddress())));
            peer.send(new DatagramPacket(new byte[] {7}, 1, relayed));
            byte[] cd = c.receive();
            assertEquals(0x4ABC, ChannelData.channel(cd, 0));
            assertEquals(5, cd.length);
        }
    }
}
