package com.zoomvconnect.media.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A datagram the kernel refuses (here: to the broadcast address, without {@code SO_BROADCAST}) is
 * counted as a send error for that datagram alone and never thrown; the datagrams sent before and
 * after it, in the same batch when sends are batched, still arrive.
 */
class UdpSendErrorsTest {
    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void aRefusedDatagramIsCountedAndTheRestOfItsBatchArrives(boolean sendBatch) throws Exception {
        var lo = InetAddress.getLoopbackAddress();
        var counters = new NetCounters();
        var thrown = new AtomicReference<Throwable>();
        var refused = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
        var endpointRef = new AtomicReference<UdpEndpoint>();
        PacketHandler handler = (kind, buf, off, len, from) -> {
            try {
                byte[] first = {0, 1};
                byte[] second = {0, 2};
                assertTrue(from.send(first, 0, 2));
                endpointRef.get().path(refused).send(first, 0, 2); // NIO says false at once; a batch learns it on flush
                assertTrue(from.send(second, 0, 2));
            } catch (Throwable t) {
                thrown.set(t);
            }
        };
        try (var endpoint = UdpEndpoint.bind(new InetSocketAddress(lo, 0), 1, sendBatch, handler, counters);
             var client = DatagramChannel.open().bind(new InetSocketAddress(lo, 0))) {
            endpointRef.set(endpoint);
            assertEquals(sendBatch, endpoint.sendsBatched());
            client.send(ByteBuffer.wrap(new byte[] {0, 0}), new InetSocketAddress(lo, endpoint.port()));
            var buf = ByteBuffer.allocate(16);
            client.receive(buf);
            assertEquals(1, buf.get(1));
            buf.clear();
            client.receive(buf);
            assertEquals(2, buf.get(1), "the datagram after the refused one arrived");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((counters.udpSendErrors.sum() < 1 || counters.udpSent.sum() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(null, thrown.get(), "nothing thrown into the handler");
            assertEquals(1, counters.udpSendErrors.sum(), "the refused datagram counted");
            assertEquals(2, counters.udpSent.sum(), "the others counted as sent");
            assertEquals(0, counters.handlerErrors.sum());
            if (sendBatch) {
                assertEquals(1, counters.udpSendBatches.sum(), "the handler's three sends went out as one flush");
                assertEquals(3, counters.udpBatchedDatagrams.sum());
            } else {
                assertEquals(0, counters.udpSendBatches.sum());
            }
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }
}
