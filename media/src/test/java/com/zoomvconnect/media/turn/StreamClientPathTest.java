package com.zoomvconnect.media.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A TURN client on a stream connection: requests split anywhere across reads are answered in
 * order through the path's writer; a peer that stops reading costs dropped messages (counted),
 * never a blocked sender; bytes that are neither STUN nor ChannelData end the connection; and
 * closing the connection removes its allocation.
 */
class StreamClientPathTest extends TurnServerFixture {
    private static final InetSocketAddress CLIENT = new InetSocketAddress(LO, 50_000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(LO, 443);

    private static byte[] binding() {
        return new StunWriter(Stun.BINDING_REQUEST, TurnClient.tid()).fingerprint().toBytes();
    }

    @Test
    void requestsSplitAcrossReadsAreAnsweredInOrder() throws Exception {
        BlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
        AtomicInteger closes = new AtomicInteger();
        var path = new StreamClientPath(server, ClientTransport.TLS, CLIENT, LOCAL, written::add, closes::incrementAndGet);
        byte[] a = binding();
        byte[] b = binding();
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        // One byte at a time: the framer must hold partial messages across reads.
        for (int i = 0; i < both.length; i++) {
            assertTrue(path.feed(both, i, 1));
        }
        for (byte[] request : List.of(a, b)) {
            byte[] answer = written.poll(10, TimeUnit.SECONDS);
            StunMessage m = StunMessage.parse(answer, 0, answer.length);
            assertEquals(Stun.BINDING_SUCCESS, m.type());
            assertEquals(ByteBuffer.wrap(request, 8, 12), ByteBuffer.wrap(m.transactionId()), "answers in request order");
            assertEquals(CLIENT, m.xorAddress(Stun.XOR_MAPPED_ADDRESS).orElseThrow(), "the connection's remote address");
        }
        path.close();
        path.close();
        assertEquals(1, closes.get(), "the connection is closed once");
        assertEquals(0, server.snapshot().get("streams_open"));
        assertEquals(1, server.snapshot().get("stream_connections"));
    }

    @Test
    void aPeerThatStopsReadingCostsDroppedMessagesNotABlockedSender() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var path = new StreamClientPath(server, ClientTransport.TCP, CLIENT, LOCAL, message -> {
            try {
                release.await(); // the peer's receive window is full
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }, () -> { });
        ByteBuffer data = ByteBuffer.wrap(new byte[] {0x40, 0, 0, 4, 1, 2, 3, 4});
        int accepted = 0;
        for (int i = 0; i < StreamClientPath.QUEUE + 100; i++) {
            if (path.send(data.duplicate())) {
                accepted++;
            }
        }
        assertTrue(accepted <= StreamClientPath.QUEUE + 1, "at most the queue (and the one being written): " + accepted);
        assertTrue(server.counters().drops(TurnDrop.STREAM_BACKLOG) >= 99, "the rest dropped and counted");
        release.countDown();
        path.close();
    }

    @Test
    void bytesThatAreNeitherStunNorChannelDataEndTheConnection() {
        var path = new StreamClientPath(server, ClientTransport.TLS, CLIENT, LOCAL, m -> { }, () -> { });
        // A TLS record (0x16 0x03 ...) would frame as STUN; 0xFF has its top bits 11: neither kind.
        byte[] garbage = {(byte) 0xFF, 0x03, 0x01, 0x00, 0x10, 0x20};
        assertFalse(path.feed(garbage, 0, garbage.length));
        assertEquals(1, server.counters().drops(TurnDrop.MALFORMED));
        path.close();
    }

    @Test
    void aStreamPathNeedsAStreamTransport() {
        assertThrows(IllegalArgumentException.class,
                () -> new StreamClientPath(server, ClientTransport.UDP, CLIENT, LOCAL, m -> { }, () -> { }));
    }
}
