package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.net.NetCounters;
import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One publisher's microphone to a few hundred subscribers on two workers, through the media port's
 * real sockets on loopback: the publisher's SRTP comes in on a worker, the fan-out is shared with
 * the other, and every subscriber's socket must receive every packet exactly once and in the
 * publisher's order. With batched sends ({@code media.sendbatch}) the copies must have gone out in
 * batches ({@link NetCounters#udpBatchedDatagrams} per {@link NetCounters#udpSendBatches}).
 */
class RealSocketFanOutTest {
    private static final int SUBSCRIBERS = 300;
    private static final int PACKETS = 300;
    private static final SrtpProfile PROFILE = SrtpProfile.AES128_CM_HMAC_SHA1_80;
    private static final Pattern AUDIO_SSRC = Pattern.compile("a=ssrc:(\\d+) ");

    private SfuFixture fixture;
    private final List<DatagramChannel> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (DatagramChannel ch : sockets) {
            ch.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** What one subscriber's socket received: the publisher's packet numbers, checked for order. */
    private static final class Subscriber {
        final SrtpContext rx = SfuFixture.peerContext(PROFILE);
        int next;
        volatile int received;
        int outOfOrder;
        int duplicates;
        int undecryptable;

        void onDatagram(byte[] b, int len) {
            if (PacketKind.of(b[0]) != PacketKind.RTP_RTCP || PacketKind.isRtcp(b, 0, len)) {
                return; // STUN answers, reports
            }
            int n = rx.unprotectRtp(b, 0, len);
            if (n < 0) {
                undecryptable++;
                return;
            }
            int hdr = RtpPacket.headerLength(b, 0, n);
            int counter = ((b[hdr] & 0xff) << 8) | (b[hdr + 1] & 0xff);
            if (counter < next) {
                duplicates++;
            } else {
                if (counter != next) {
                    outOfOrder++;
                }
                next = counter + 1;
                received++;
            }
        }
    }

    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void everySubscriberSocketGetsEveryPacketOnceInOrder(boolean sendBatch) throws Exception {
        fixture = new SfuFixture(2, sendBatch);
        Sfu sfu = fixture.sfu;
        sfu.forwarder().maxShareAgeNanos = Long.MAX_VALUE; // a busy test machine must not turn into loss here
        var lo = InetAddress.getLoopbackAddress();
        var port = new InetSocketAddress(lo, sfu.port());

        SfuParticipant publisher = fixture.join("room", "pub", SfuFixture.quietListener());
        String offer = fixture.offer();
        var m = AUDIO_SSRC.matcher(offer);
        assertTrue(m.find());
        long audioSsrc = Long.parseLong(m.group(1));
        publisher.publish(offer, SfuFixture.sources());
        DatagramChannel pubSocket = open(lo);
        connectThroughPort(publisher.publishTransport(), pubSocket, port);

        Selector selector = Selector.open();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            SfuParticipant s = fixture.join("room", "sub" + i, SfuFixture.quietListener());
            SfuFixture.answerOffer(s);
            DatagramChannel ch = open(lo);
            connectThroughPort(s.subscribe, ch, port);
            ch.configureBlocking(false);
            var sub = new Subscriber();
            ch.register(selector, SelectionKey.OP_READ, sub);
            subscribers.add(sub);
        }

        var reading = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().name("subscribers").start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            try {
                while (reading.get()) {
                    selector.select(10);
                    for (SelectionKey k : selector.selectedKeys()) {
                        var ch = (DatagramChannel) k.channel();
                        var sub = (Subscriber) k.attachment();
                        while (true) {
                            buf.clear();
                            if (ch.receive(buf) == null) {
                                break;
                            }
                            sub.onDatagram(buf.array(), buf.position());
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        var tx = SfuFixture.peerContext(PROFILE);
        for (int seq = 0; seq < PACKETS; seq++) {
            byte[] rtp = SfuFixture.rtp(audioSsrc, SfuFixture.OPUS_PT, seq, new byte[] {(byte) (seq >>> 8), (byte) seq, 1, 2, 3, 4, 5, 6});
            byte[] buf = java.util.Arrays.copyOf(rtp, rtp.length + SrtpContext.MAX_OVERHEAD);
            int n = tx.protectRtp(buf, 0, rtp.length);
            pubSocket.send(ByteBuffer.wrap(buf, 0, n), port);
            Thread.sleep(2); // 500 packets/s, 150 000 copies/s: the subscribers' one reading thread keeps up
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !allReceived(subscribers)) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // anything duplicated would have come by now
        reading.set(false);
        reader.join(5000);
        selector.close();

        assertTrue(publisher.upTracks().get(0).fanOutShared, "the fan-out was shared between the two workers");
        assertEquals(0L, sfu.counters().drops(DropReason.FAN_OUT_OVERLOAD));
        NetCounters net = sfu.netCounters();
        assertEquals(0, net.udpSendErrors.sum(), "no send failed");
        for (int i = 0; i < SUBSCRIBERS; i++) {
            Subscriber s = subscribers.get(i);
            assertEquals(0, s.undecryptable, "sub" + i + ": every copy decrypts");
            assertEquals(0, s.duplicates, "sub" + i + ": nothing twice");
            assertEquals(0, s.outOfOrder, "sub" + i + ": in the publisher's order");
            assertEquals(PACKETS, s.received, "sub" + i + ": every packet");
        }
        long batches = net.udpSendBatches.sum();
        long batched = net.udpBatchedDatagrams.sum();
        if (sendBatch) {
            // 300 copies per packet in two shares of ~150, flushed at 64: about 50 datagrams per flush.
            assertTrue(batches > 0 && batched >= (long) SUBSCRIBERS * PACKETS,
                    "the copies went out in batches: " + batched + " datagrams in " + batches + " flushes");
            assertTrue(batched / batches >= 16, "batches of 16 or more on average: " + batched + " / " + batches);
        } else {
            assertEquals(0, batches, "NIO sends one by one");
        }
    }

    private DatagramChannel open(InetAddress lo) throws Exception {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ch.bind(new InetSocketAddress(lo, 0));
        sockets.add(ch);
        return ch;
    }

    /** ICE as a client does it, from {@code socket} to the media port, then a stand-in for DTLS on the path ICE selected. */
    private static void connectThroughPort(PeerTransport t, DatagramChannel socket, InetSocketAddress port) throws Exception {
        byte[] tid = new byte[12];
        new java.util.Random().nextBytes(tid);
        byte[] req = new StunWriter(Stun.BINDING_REQUEST, tid).username(t.localUfrag() + ":client").flag(Stun.USE_CANDIDATE)
                .messageIntegrity(t.localPwd()).fingerprint().toBytes();
        socket.send(ByteBuffer.wrap(req), port);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.path == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(t.path != null, "the check through the port selected a path");
        SfuFixture.connect(t, t.path);
    }

    private static boolean allReceived(List<Subscriber> subscribers) {
        for (Subscriber s : subscribers) {
            if (s.received < PACKETS) {
                return false;
            }
        }
        return true;
    }
}
