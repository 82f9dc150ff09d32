package com.zoomvconnect.media.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** STUN and ChannelData over a byte stream (RFC 8656 §12.5), cut at every possible place. */
class StreamFramerTest {
    private static byte[] channelData(int channel, byte[] data) {
        byte[] m = new byte[ChannelData.streamLength(data.length)];
        ChannelData.writeHeader(m, 0, channel, data.length);
        System.arraycopy(data, 0, m, 4, data.length);
        return m;
    }

    private static List<byte[]> collect(StreamFramer f, byte[] stream, int chunk) throws Exception {
        var out = new ArrayList<byte[]>();
        for (int i = 0; i < stream.length; i += chunk) {
            f.feed(stream, i, Math.min(chunk, stream.length - i), m -> {
                byte[] b = new byte[m.remaining()];
                m.get(b);
                out.add(b);
            });
        }
        return out;
    }

    @Test
    void splitsMixedMessagesHoweverTheBytesArrive() throws Exception {
        byte[] stun = new StunWriter(Stun.ALLOCATE, TurnClient.tid()).int32(Stun.REQUESTED_TRANSPORT, 17 << 24).toBytes();
        byte[] cd1 = channelData(0x4000, new byte[] {1, 2, 3, 4, 5});
        byte[] cd2 = channelData(0x4FFF, new byte[0]);
        var all = new ByteArrayOutputStream();
        for (byte[] m : List.of(stun, cd1, cd2, stun)) {
            all.write(m);
        }
        byte[] stream = all.toByteArray();
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            List<byte[]> got = collect(new StreamFramer(), stream, chunk);
            assertEquals(4, got.size(), "chunk " + chunk);
            assertArrayEquals(stun, got.get(0));
            assertArrayEquals(cd1, got.get(1));
            assertEquals(4 + 8, got.get(1).length, "ChannelData is padded to 4 bytes on a stream");
            assertArrayEquals(cd2, got.get(2));
            assertArrayEquals(stun, got.get(3));
        }
    }

    @Test
    void carriesTheLargestMessages() throws Exception {
        byte[] big = channelData(0x4001, new byte[0xFFFF]);
        List<byte[]> got = collect(new StreamFramer(), big, 1400);
        assertEquals(1, got.size());
        assertEquals(4 + 0x10000, got.get(0).length);
    }

    @Test
    void anythingElseLosesTheStream() {
        var f = new StreamFramer();
        assertThrows(StreamFramer.FramingException.class, () -> f.feed(new byte[] {(byte) 0x80, 0, 0, 4}, 0, 4, m -> { }));
        assertThrows(StreamFramer.FramingException.class,
                () -> new StreamFramer().feed(new byte[] {0, 1, 0, 3}, 0, 4, m -> { }), "STUN length not a multiple of 4");
    }

    /** A client on a stream transport, as the TCP/TLS listener will present it: whole messages queued in order. */
    static final class StreamClient implements ClientPath {
        final FiveTuple tuple;
        final LinkedBlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();

        StreamClient(InetSocketAddress remote) {
            this.tuple = new FiveTuple(ClientTransport.TLS, remote, new InetSocketAddress(InetAddress.getLoopbackAddress(), 443));
        }

        @Override
        public boolean send(ByteBuffer message) {
            byte[] b = new byte[message.remaining()];
            message.get(b);
            sent.add(b);
            return true;
        }

        @Override
        public FiveTuple fiveTuple() {
            return tuple;
        }

        StunMessage nextStun() throws Exception {
            byte[] b = sent.poll(5, TimeUnit.SECONDS);
            return StunMessage.parse(b, 0, b.length);
        }
    }

    @Test
    void aStreamClientAllocatesAndGetsPaddedChannelData() throws Exception {
        var lo = InetAddress.getLoopbackAddress();
        var clock = new FakeClock(1_800_000_000_000L);
        var config = TurnConfig.defaults("zvc.test", TurnServerFixture.SECRET, lo, RelayPolicy.only(List.of("127.0.0.1")));
        try (var server = new TurnServer(config, clock); var peer = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            peer.setSoTimeout(5000);
            var client = new StreamClient(new InetSocketAddress(lo, 50_000));
            var framer = new StreamFramer();
            var creds = TurnCredentials.issue(TurnServerFixture.SECRET, "p1", clock.epochSeconds() + 3600);

            framer.feed(new StunWriter(Stun.ALLOCATE, TurnClient.tid()).int32(Stun.REQUESTED_TRANSPORT, 17 << 24).toBytes(), 0, 28,
                    m -> server.onPacket(m, client));
            StunMessage challenge = client.nextStun();
            byte[] key = TurnCredentials.longTermKey(creds.username(), "zvc.test", creds.password());
            var peerAddr = (InetSocketAddress) peer.getLocalSocketAddress();
            byte[] allocate = new StunWriter(Stun.ALLOCATE, TurnClient.tid()).int32(Stun.REQUESTED_TRANSPORT, 17 << 24)
                    .username(creds.username()).realm("zvc.test").nonce(challenge.nonce().orElseThrow()).messageIntegrity(key).toBytes();
            byte[] bind = new StunWriter(Stun.CHANNEL_BIND, TurnClient.tid()).int32(Stun.CHANNEL_NUMBER, 0x4000 << 16)
                    .xorAddress(Stun.XOR_PEER_ADDRESS, peerAddr)
                    .username(creds.username()).realm("zvc.test").nonce(challenge.nonce().orElseThrow()).messageIntegrity(key).toBytes();
            byte[] data = channelData(0x4000, new byte[] {7, 7, 7});
            byte[] stream = new byte[allocate.length + bind.length + data.length];
            System.arraycopy(allocate, 0, stream, 0, allocate.length);
            System.arraycopy(bind, 0, stream, allocate.length, bind.length);
            System.arraycopy(data, 0, stream, allocate.length + bind.length, data.length);
            // One read holding three messages: they are handled in order.
            framer.feed(stream, 0, stream.length, m -> server.onPacket(m, client));
            StunMessage allocated = client.nextStun();
            TurnClient.assertSuccess(allocated);
            TurnClient.assertSuccess(client.nextStun());

            var got = new DatagramPacket(new byte[100], 100);
            peer.receive(got);
            assertArrayEquals(new byte[] {7, 7, 7}, Arrays.copyOf(got.getData(), got.getLength()));

            peer.send(new DatagramPacket(new byte[] {1, 2, 3, 4, 5}, 5, allocated.xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow()));
            byte[] back = client.sent.poll(5, TimeUnit.SECONDS);
            assertEquals(0x4000, ChannelData.channel(back, 0));
            assertEquals(5, ChannelData.dataLength(back, 0));
            assertEquals(12, back.length, "on a stream the server pads ChannelData");

            server.onPathClosed(client);
            assertEquals(0, server.allocationCount(), "closing the connection deletes its allocation");
        }
    }

    @Test
    void randomStreamsThrowOnlyFramingExceptions() {
        var rnd = new Random(6062);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(b);
            try {
                // Anything but a FramingException fails the test.
                new StreamFramer().feed(b, 0, b.length, m -> assertTrue(m.remaining() >= 4));
            } catch (StreamFramer.FramingException expected) {
                // the connection would be closed
            }
        }
    }
}
