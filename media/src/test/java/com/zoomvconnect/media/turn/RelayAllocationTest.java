package com.zoomvconnect.media.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client-to-peer relay path (ChannelData) allocates nothing per packet once warm. */
class RelayAllocationTest {
    /** A UDP client path that answers into a list; only the control messages reach it here. */
    private static final class Path implements ClientPath {
        final FiveTuple tuple = new FiveTuple(ClientTransport.UDP, new InetSocketAddress("127.0.0.1", 50_002),
                new InetSocketAddress("127.0.0.1", 3478));
        byte[] last;

        @Override
        public boolean send(ByteBuffer message) {
            last = new byte[message.remaining()];
            message.get(last);
            return true;
        }

        @Override
        public FiveTuple fiveTuple() {
            return tuple;
        }
    }

    @Test
    void channelDataToAPeerAllocatesNothingPerPacket() throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var lo = InetAddress.getLoopbackAddress();
        var clock = new FakeClock(1_800_000_000_000L);
        var config = TurnConfig.defaults("zvc", TurnServerFixture.SECRET, lo, RelayPolicy.only(List.of("127.0.0.1")))
                .withBudget(1L << 40, 1 << 30);
        try (var server = new TurnServer(config, clock); var peer = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            var path = new Path();
            var creds = TurnCredentials.issue(TurnServerFixture.SECRET, "p1", clock.epochSeconds() + 3600);
            byte[] key = TurnCredentials.longTermKey(creds.username(), "zvc", creds.password());
            byte[] tid = new byte[12];
            server.onPacket(ByteBuffer.wrap(new StunWriter(Stun.ALLOCATE, tid).int32(Stun.REQUESTED_TRANSPORT, 17 << 24).toBytes()), path);
            String nonce = StunMessage.parse(path.last, 0, path.last.length).nonce().orElseThrow();
            for (int method : new int[] {Stun.ALLOCATE, Stun.CHANNEL_BIND}) {
                server.onPacket(ByteBuffer.wrap(new StunWriter(method, tid).int32(Stun.REQUESTED_TRANSPORT, 17 << 24)
                        .int32(Stun.CHANNEL_NUMBER, 0x4000 << 16).xorAddress(Stun.XOR_PEER_ADDRESS, (InetSocketAddress) peer.getLocalSocketAddress())
                        .username(creds.username()).realm("zvc").nonce(nonce).messageIntegrity(key).toBytes()), path);
                assertEquals(method | Stun.CLASS_SUCCESS, StunMessage.parse(path.last, 0, path.last.length).type());
            }
            ByteBuffer packet = ByteBuffer.allocate(1500);
            ChannelData.writeHeader(packet.array(), 0, 0x4000, 1000);
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                packet.clear().limit(1004);
                server.onPacket(packet, path); // warm-up
            }
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                packet.clear().limit(1004);
                server.onPacket(packet, path);
            }
            long perPacket = (bean.getCurrentThreadAllocatedBytes() - before) / n;
            assertEquals(2L * n, server.snapshot().get("relayed_to_peer_packets"));
            assertTrue(perPacket < 8, "bytes allocated per relayed packet: " + perPacket);
        }
    }
}
