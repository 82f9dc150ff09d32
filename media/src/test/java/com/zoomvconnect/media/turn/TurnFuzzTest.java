package com.zoomvconnect.media.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunException;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated TURN messages: the codec throws only its own exception, the server nothing at all. */
class TurnFuzzTest {
    private static final byte[] KEY = new byte[16];
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress PEER6 = new InetSocketAddress("::1", 40_001);

    private static List<byte[]> seeds() {
        byte[] tid = new byte[12];
        return List.of(
                new StunWriter(Stun.ALLOCATE, tid).int32(Stun.REQUESTED_TRANSPORT, 17 << 24).int32(Stun.LIFETIME, 600)
                        .username("1800000000:p1").realm("zvc").nonce("n").messageIntegrity(KEY).fingerprint().toBytes(),
                new StunWriter(Stun.CREATE_PERMISSION, tid).xorAddress(Stun.XOR_PEER_ADDRESS, PEER)
                        .xorAddress(Stun.XOR_PEER_ADDRESS, PEER6).messageIntegrity(KEY).toBytes(),
                new StunWriter(Stun.CHANNEL_BIND, tid).int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                        .xorAddress(Stun.XOR_PEER_ADDRESS, PEER).toBytes(),
                new StunWriter(Stun.SEND | Stun.CLASS_INDICATION, tid).xorAddress(Stun.XOR_PEER_ADDRESS, PEER)
                        .attribute(Stun.DATA_ATTR, new byte[] {1, 2, 3}).toBytes(),
                new StunWriter(Stun.ALLOCATE | Stun.CLASS_SUCCESS, tid).xorAddress(Stun.XOR_RELAYED_ADDRESS, PEER6)
                        .int32(Stun.LIFETIME, 600).xorMappedAddress(PEER).toBytes(),
                new StunWriter(Stun.ALLOCATE | Stun.CLASS_ERROR, tid).errorCode(401, "Unauthenticated").realm("r").nonce("n")
                        .unknownAttributes(0x1A).toBytes(),
                new byte[] {0x40, 0, 0, 3, 9, 9, 9});
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            case 1 -> {
                int at = Stun.HEADER_LENGTH + rnd.nextInt(Math.max(1, b.length - Stun.HEADER_LENGTH));
                if (at + 3 < b.length) {
                    b[at + 2] = (byte) rnd.nextInt(256); // an attribute length
                    b[at + 3] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 8));
            default -> {
                for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
        }
        return b;
    }

    @Test
    void mutatedTurnMessagesThrowOnlyTheCodecsException() {
        var rnd = new Random(8656);
        List<byte[]> seeds = seeds();
        int parsed = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b = i % 10 == 0 ? randomBytes(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            try {
                StunMessage m = StunMessage.parse(b, 0, b.length);
                parsed++;
                m.username();
                m.realm();
                m.nonce();
                m.lifetime();
                m.requestedTransport();
                m.requestedAddressFamily();
                m.channelNumber();
                m.errorCode();
                m.verifyIntegrity(KEY);
                m.verifyFingerprint(true);
                m.xorAddresses(Stun.XOR_PEER_ADDRESS);
                m.xorAddress(Stun.XOR_RELAYED_ADDRESS);
                m.mappedAddress();
            } catch (StunException expected) {
                // the only exception the codec may throw
            }
        }
        assertTrue(parsed > 10_000, "mutations also reach the accessors: " + parsed);
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(200)];
        rnd.nextBytes(b);
        if (b.length > 8 && rnd.nextBoolean()) {
            b[0] = (byte) rnd.nextInt(4);
            b[4] = 0x21;
            b[5] = 0x12;
            b[6] = (byte) 0xA4;
            b[7] = 0x42;
        }
        return b;
    }

    /** An in-memory UDP client that counts answers. */
    private static final class Path implements ClientPath {
        final FiveTuple tuple = new FiveTuple(ClientTransport.UDP, new InetSocketAddress("127.0.0.1", 50_000),
                new InetSocketAddress("127.0.0.1", 3478));
        byte[] last;
        int answers;

        @Override
        public boolean send(ByteBuffer message) {
            last = new byte[message.remaining()];
            message.get(last);
            answers++;
            return true;
        }

        @Override
        public FiveTuple fiveTuple() {
            return tuple;
        }
    }

    @Test
    void hostileMessagesAtAnAllocationNeverEscapeTheServer() throws Exception {
        var clock = new FakeClock(1_800_000_000_000L);
        var config = TurnConfig.defaults("zvc", TurnServerFixture.SECRET, InetAddress.getLoopbackAddress(),
                RelayPolicy.only(List.of("127.0.0.1")));
        try (var server = new TurnServer(config, clock)) {
            var path = new Path();
            var creds = TurnCredentials.issue(TurnServerFixture.SECRET, "p1", clock.epochSeconds() + 3600);
            byte[] key = TurnCredentials.longTermKey(creds.username(), "zvc", creds.password());
            server.onPacket(ByteBuffer.wrap(seeds().get(0)), path);
            String nonce = StunMessage.parse(path.last, 0, path.last.length).nonce().orElseThrow();
            byte[] tid = new byte[12];
            server.onPacket(ByteBuffer.wrap(new StunWriter(Stun.ALLOCATE, tid).int32(Stun.REQUESTED_TRANSPORT, 17 << 24)
                    .username(creds.username()).realm("zvc").nonce(nonce).messageIntegrity(key).toBytes()), path);
            server.onPacket(ByteBuffer.wrap(new StunWriter(Stun.CHANNEL_BIND, tid).int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, PEER).username(creds.username()).realm("zvc").nonce(nonce)
                    .messageIntegrity(key).toBytes()), path);
            assertEquals(Stun.CHANNEL_BIND | Stun.CLASS_SUCCESS, StunMessage.parse(path.last, 0, path.last.length).type());

            var rnd = new Random(7635);
            List<byte[]> seeds = seeds();
            for (int i = 0; i < 20_000; i++) {
                byte[] b = i % 5 == 0 ? randomBytes(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                // Any exception fails the test: the listener would count it, but the server should have none.
                server.onPacket(ByteBuffer.wrap(b), path);
            }
            assertEquals(1, server.allocationCount());
            long drops = 0;
            for (TurnDrop d : TurnDrop.values()) {
                drops += server.counters().drops(d);
            }
            assertTrue(drops > 5_000, "drops counted: " + server.snapshot());
        }
    }
}
