package com.zoomvconnect.media.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several workers on the one media port (SO_REUSEPORT): every remote address stays on one
 * worker thread, so its packets arrive in order; the flows spread over the workers; answers
 * leave from the same port number. Each test runs on NIO and with batched sends (epoll).
 */
class UdpEndpointWorkersTest {
    private static final int CLIENTS = 24;
    private static final int PACKETS = 100;

    /** What one remote address was seen to send: the threads it arrived on and whether in order. */
    private static final class Flow {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        int next;
        int outOfOrder;
    }

    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void eachFlowStaysOnOneWorkerInOrderAndFlowsSpreadOverTheWorkers(boolean sendBatch) throws Exception {
        Map<InetSocketAddress, Flow> flows = new ConcurrentHashMap<>();
        PacketHandler echo = (kind, buf, off, len, from) -> {
            Flow f = flows.computeIfAbsent(from.remote(), a -> new Flow());
            f.threads.add(Thread.currentThread().getName());
            int n = ((buf[off + 1] & 0xff) << 8) | (buf[off + 2] & 0xff);
            synchronized (f) {
                if (n != f.next) {
                    f.outOfOrder++;
                }
                f.next = n + 1;
            }
            from.send(buf, off, len);
        };
        var lo = InetAddress.getLoopbackAddress();
        try (var endpoint = UdpEndpoint.bind(new InetSocketAddress(lo, 0), 4, sendBatch, echo, new NetCounters())) {
            assertEquals(4, endpoint.workers());
            assertEquals(sendBatch, endpoint.sendsBatched());
            var server = new InetSocketAddress(lo, endpoint.port());
            List<DatagramChannel> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                var ch = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
                ch.configureBlocking(true);
                clients.add(ch);
            }
            int echoed = 0;
            for (int n = 0; n < PACKETS; n++) {
                for (DatagramChannel ch : clients) {
                    // a STUN-looking first byte (0x00): the endpoint hands it on
                    ch.send(ByteBuffer.wrap(new byte[] {0, (byte) (n >>> 8), (byte) n, 0}), server);
                }
                for (DatagramChannel ch : clients) { // one answer each before the next round: nothing overflows
                    var buf = ByteBuffer.allocate(16);
                    SocketAddress from = ch.receive(buf);
                    assertEquals(server, from, "the answer comes from the media port");
                    assertEquals(n & 0xff, buf.get(2) & 0xff);
                    echoed++;
                }
            }
            assertEquals(CLIENTS * PACKETS, echoed);
            assertEquals(CLIENTS, flows.size());
            Set<String> used = ConcurrentHashMap.newKeySet();
            for (var e : flows.entrySet()) {
                assertEquals(1, e.getValue().threads.size(), e.getKey() + " stayed on one worker: " + e.getValue().threads);
                assertEquals(0, e.getValue().outOfOrder, e.getKey() + " in order");
                used.addAll(e.getValue().threads);
            }
            assertTrue(used.size() > 1, "24 flows spread over more than one of 4 workers: " + used);
            for (DatagramChannel ch : clients) {
                ch.close();
            }
        }
    }

    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void aSecondEndpointOnTheSamePortIsRefusedNotGivenAShareOfTheFlows(boolean sendBatch) throws Exception {
        var lo = InetAddress.getLoopbackAddress();
        PacketHandler none = (kind, buf, off, len, from) -> { };
        try (var first = UdpEndpoint.bind(new InetSocketAddress(lo, 0), 2, sendBatch, none, new NetCounters())) {
            var same = new InetSocketAddress(lo, first.port());
            assertThrows(java.net.BindException.class, () -> UdpEndpoint.bind(same, 2, sendBatch, none, new NetCounters()).close(),
                    "another process's workers (same user) would join the port's SO_REUSEPORT group and take flows");
            assertThrows(java.net.BindException.class, () -> UdpEndpoint.bind(same, 1, sendBatch, none, new NetCounters()).close());
        }
    }
}
