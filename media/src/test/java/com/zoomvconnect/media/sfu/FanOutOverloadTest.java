package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shared fan-out ({@link SharedFanOut}) when a thread that forwards it is slow or stuck. One
 * publisher's microphone fans out to more subscribers than {@link Forwarder#SHARE_FAN_OUT_AT} on two
 * workers; its packets come in on the test's thread. On NIO the other forwarding thread is a fan-out
 * helper of its own ({@code media-fanout-1}) and the test's thread forwards too; with batched sends
 * ({@code media.sendbatch}) both workers forward and the test's thread, no worker, only queues.
 */
class FanOutOverloadTest {
    private static final int SUBSCRIBERS = Forwarder.SHARE_FAN_OUT_AT + 4;
    private static final SrtpProfile PROFILE = SrtpProfile.AES128_CM_HMAC_SHA1_80;

    private SfuFixture fixture;
    private Sfu sfu;
    private SfuParticipant publisher;
    private SfuFixture.FakePath publisherPath;
    private long audioSsrc;
    private final List<Subscriber> paths = new ArrayList<>();
    private final SrtpContext tx = SfuFixture.peerContext(PROFILE);

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** What a forwarding thread other than the test's does on its sends: nothing, or wait. */
    private interface OnSend {
        void sending() throws InterruptedException;
    }

    /** A subscriber's address: counts the RTP sent to it and checks that each stream's sequence numbers rise. */
    private final class Subscriber extends SfuFixture.LoopbackPath {
        final AtomicInteger rtp = new AtomicInteger();
        final Map<Long, Integer> lastSeq = new ConcurrentHashMap<>();
        final AtomicReference<String> outOfOrder = new AtomicReference<>();
        volatile OnSend onSend = () -> { };
        final Thread testThread = Thread.currentThread();
        final AtomicLong lastOtherSend;

        Subscriber(int port, AtomicLong lastOtherSend) {
            super(port);
            this.lastOtherSend = lastOtherSend;
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            if (PacketKind.of(buf[off]) != PacketKind.RTP_RTCP || PacketKind.isRtcp(buf, off, len)) {
                return true;
            }
            if (Thread.currentThread() != testThread) {
                try {
                    onSend.sending();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lastOtherSend.set(System.nanoTime());
            }
            long ssrc = ((buf[off + 8] & 0xFFL) << 24) | ((buf[off + 9] & 0xFF) << 16) | ((buf[off + 10] & 0xFF) << 8) | (buf[off + 11] & 0xFF);
            int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
            Integer before = lastSeq.put(ssrc, seq);
            if (before != null && (short) (seq - before) <= 0) {
                outOfOrder.compareAndSet(null, "ssrc " + ssrc + ": " + seq + " after " + before);
            }
            rtp.incrementAndGet();
            return true;
        }
    }

    private void meeting(boolean sendBatch, AtomicLong lastOtherSend) throws Exception {
        fixture = new SfuFixture(2, sendBatch);
        sfu = fixture.sfu;
        publisher = fixture.join("room", "pub", SfuFixture.quietListener());
        publisherPath = new SfuFixture.FakePath(44000);
        audioSsrc = fixture.publishThroughIce(publisher, publisherPath);
        for (int i = 0; i < SUBSCRIBERS; i++) {
            var path = new Subscriber(45000 + i, lastOtherSend);
            fixture.subscribeThroughIce("room", "sub" + i, path);
            paths.add(path);
        }
    }

    private void publish(int seq) {
        byte[] rtp = SfuFixture.rtp(audioSsrc, SfuFixture.OPUS_PT, seq, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        byte[] buf = java.util.Arrays.copyOf(rtp, rtp.length + SrtpContext.MAX_OVERHEAD);
        int n = tx.protectRtp(buf, 0, rtp.length);
        sfu.onPacket(PacketKind.RTP_RTCP, buf, 0, n, publisherPath);
    }

    private void assertInOrder() {
        for (Subscriber p : paths) {
            assertEquals(null, p.outOfOrder.get(), "a subscriber got a stream out of order");
        }
    }

    /**
     * Every send from a forwarding thread other than the test's takes 2 ms (a machine with no CPU to
     * spare), so a group's copies take ~9 ms on such a thread while a packet arrives every millisecond.
     * The queues would hold the whole burst and deliver the last packet seconds late; with the age limit
     * the late packets are dropped and counted ({@link DropReason#FAN_OUT_OVERLOAD}), the slow threads are
     * done soon after the publisher, and what does arrive arrives in order.
     */
    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void anOverloadedFanOutDropsLatePacketsAndFinishesSoonAfterThePublisher(boolean sendBatch) throws Exception {
        int packets = 200;
        AtomicLong lastOtherSend = new AtomicLong();
        meeting(sendBatch, lastOtherSend);
        for (Subscriber p : paths) {
            p.onSend = () -> Thread.sleep(2);
        }
        for (int seq = 0; seq < packets; seq++) {
            publish(seq);
            Thread.sleep(1);
        }
        long publisherDone = System.nanoTime();
        assertTrue(publisher.upTracks().get(0).fanOutShared, "the fan-out was shared");

        // Wait until the slow threads have been quiet for half a second (bounded: 30 s).
        long deadline = publisherDone + 30_000_000_000L;
        while (System.nanoTime() < deadline
                && System.nanoTime() - Math.max(lastOtherSend.get(), publisherDone) < 500_000_000L) {
            Thread.sleep(50);
        }
        double lateMs = (lastOtherSend.get() - publisherDone) / 1e6;
        long dropped = sfu.counters().drops(DropReason.FAN_OUT_OVERLOAD);
        // Without the limit the last copies would leave seconds after the publisher's last packet.
        assertTrue(lateMs < 3000, "the last slow send came " + lateMs + " ms after the publisher's last packet");
        assertTrue(dropped > 0, "late packets dropped and counted; RTP per subscriber: "
                + paths.stream().map(p -> p.rtp.get()).toList() + ", late " + lateMs + " ms");
        int full = 0;
        for (Subscriber p : paths) {
            assertTrue(p.rtp.get() <= packets, "no copy twice: " + p.rtp.get());
            full += p.rtp.get() == packets ? 1 : 0;
        }
        assertTrue(full < SUBSCRIBERS, "some subscriber lost late packets");
        assertInOrder();
    }

    /**
     * A forwarding thread that stops in the middle of a group (descheduled, or stuck in a send) holds up
     * that group's subscribers only: the other thread forwards every packet to all the others at once,
     * and when the stuck thread goes on, the held group gets its queued packets, in order.
     */
    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void aStuckThreadHoldsUpOneGroupNotAShare(boolean sendBatch) throws Exception {
        AtomicLong lastOtherSend = new AtomicLong();
        meeting(sendBatch, lastOtherSend);
        sfu.forwarder().maxShareAgeNanos = Long.MAX_VALUE; // however long the machine keeps the thread stuck
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicReference<Thread> stuckThread = new AtomicReference<>();
        OnSend firstStops = () -> {
            if (stuckThread.compareAndSet(null, Thread.currentThread())) {
                stuck.countDown();
            }
            if (stuckThread.get() == Thread.currentThread()) {
                goOn.await();
            }
        };
        for (Subscriber p : paths) {
            p.onSend = firstStops;
        }

        // Until a thread other than the test's is stuck in a group (bounded: 10 s of packets).
        int seq = 0;
        long until = System.nanoTime() + 10_000_000_000L;
        while (stuck.getCount() > 0 && System.nanoTime() < until) {
            publish(seq++);
            stuck.await(2, TimeUnit.MILLISECONDS);
        }
        assertEquals(0, stuck.getCount(), "a forwarding thread other than the test's ran a group");
        for (int i = 0; i < 50; i++) {
            publish(seq++);
        }
        int sent = seq;
        // The free thread (in batch mode the other worker) forwards to all but the held group.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && paths.stream().filter(p -> p.rtp.get() == sent).count() < SUBSCRIBERS - groupSize()) {
            Thread.sleep(10);
        }
        List<Integer> counts = paths.stream().map(p -> p.rtp.get()).toList();
        long behind = counts.stream().filter(c -> c < sent).count();
        assertTrue(behind >= 1 && behind <= groupSize(), "only the stuck group's subscribers are behind: " + counts + " of " + sent);

        goOn.countDown();
        deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && paths.stream().anyMatch(p -> p.rtp.get() < sent)) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), paths.stream().map(p -> p.rtp.get()).filter(c -> c != sent).toList(),
                "every subscriber got all " + sent + " packets once the thread went on");
        assertEquals(0, sfu.counters().drops(DropReason.FAN_OUT_OVERLOAD));
        assertInOrder();
    }

    /** The most subscribers one group of the microphone's fan-out holds. */
    private int groupSize() {
        UpTrack up = publisher.upTracks().get(0);
        int most = 0;
        for (int g = 0; g < SharedFanOut.GROUPS; g++) {
            most = Math.max(most, up.groupMembers(g).length);
        }
        return most;
    }
}
