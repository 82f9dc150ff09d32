package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packet path on several threads at once, as the media workers run it: four publishers,
 * each driven by its own thread (as the kernel keeps each flow on one worker socket), forward
 * to more subscribers than {@link Forwarder#SHARE_FAN_OUT_AT} (so each fan-out is shared out
 * among the fan-out helpers too) while other participants join, subscribe, publish and leave the
 * same room, the subscribers renegotiate and change what they want to see. Every subscriber must
 * decrypt every publisher's every packet exactly once: nothing lost, nothing duplicated, whatever
 * the interleaving. Runs on NIO and with batched sends ({@code media.sendbatch}), where the
 * fan-out helpers are the other workers' event loops.
 */
class ConcurrentForwardingTest {
    private static final int PUBLISHERS = 4;
    private static final int SUBSCRIBERS = Forwarder.SHARE_FAN_OUT_AT + 4;
    private static final int PACKETS = 300;
    /** Subscribers that answer every renegotiation during the churn (the others keep their first answer). */
    private static final int RENEGOTIATING = 8;
    private static final SrtpProfile PROFILE = SrtpProfile.AES128_CM_HMAC_SHA1_80;

    private SfuFixture fixture;
    private Sfu sfu;

    private void start(boolean sendBatch) {
        fixture = new SfuFixture(4, sendBatch);
        sfu = fixture.sfu;
        // Exactly once, whatever the interleaving: a busy machine may delay a helper past the age at
        // which it drops a share (FanOutOverloadTest tests that), which would count here as loss.
        sfu.forwarder().maxShareAgeNanos = Long.MAX_VALUE;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A subscriber's address: decrypts what the SFU sends and notes which publisher's packet it was. */
    private static final class Receiver extends SfuFixture.LoopbackPath {
        private final SrtpContext rx = SfuFixture.peerContext(PROFILE);
        final BitSet[] received = new BitSet[PUBLISHERS];
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger undecryptable = new AtomicInteger();

        Receiver(int port) {
            super(port);
            for (int i = 0; i < PUBLISHERS; i++) {
                received[i] = new BitSet(PACKETS);
            }
        }

        @Override
        public synchronized boolean send(byte[] buf, int off, int len) {
            if (PacketKind.of(buf[off]) != PacketKind.RTP_RTCP || PacketKind.isRtcp(buf, off, len)) {
                return true; // STUN answers, reports and keyframe requests
            }
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            int n = rx.unprotectRtp(copy, 0, copy.length);
            if (n < 0) {
                undecryptable.incrementAndGet();
                return true;
            }
            int hdr = RtpPacket.headerLength(copy, 0, n);
            int publisher = copy[hdr];
            int counter = ((copy[hdr + 1] & 0xff) << 8) | (copy[hdr + 2] & 0xff);
            if (publisher < 0 || publisher >= PUBLISHERS || counter >= PACKETS) {
                undecryptable.incrementAndGet(); // authenticated but garbled: counted, not thrown into the SFU
                return true;
            }
            if (received[publisher].get(counter)) {
                duplicates.incrementAndGet();
            }
            received[publisher].set(counter);
            return true;
        }
    }

    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void everySubscriberGetsEveryPacketOnceWhileTheRoomChurnsOnManyThreads(boolean sendBatch) throws Exception {
        start(sendBatch);
        List<SfuParticipant> publishers = new ArrayList<>();
        long[] audioSsrc = new long[PUBLISHERS];
        PacketPath[] publisherPaths = new PacketPath[PUBLISHERS];
        for (int i = 0; i < PUBLISHERS; i++) {
            SfuParticipant p = fixture.join("room", "pub" + i, SfuFixture.quietListener());
            publisherPaths[i] = new SfuFixture.FakePath(41000 + i);
            audioSsrc[i] = fixture.publishThroughIce(p, publisherPaths[i]);
            publishers.add(p);
        }
        List<SfuParticipant> subscribers = new ArrayList<>();
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            var r = new Receiver(42000 + i);
            subscribers.add(fixture.subscribeThroughIce("room", "sub" + i, r));
            receivers.add(r);
        }
        for (SfuParticipant p : publishers) {
            SfuFixture.answerOffer(p); // the publishers receive one another as well
        }

        var failures = new ConcurrentLinkedQueue<Throwable>();
        var start = new CountDownLatch(1);
        var sending = new AtomicInteger(PUBLISHERS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            int pub = i;
            threads.add(Thread.ofPlatform().name("worker-" + i).start(() -> {
                try {
                    start.await();
                    var tx = SfuFixture.peerContext(PROFILE);
                    for (int seq = 0; seq < PACKETS; seq++) {
                        byte[] rtp = SfuFixture.rtp(audioSsrc[pub], SfuFixture.OPUS_PT, seq,
                                new byte[] {(byte) pub, (byte) (seq >>> 8), (byte) seq, 1, 2, 3, 4, 5});
                        byte[] buf = java.util.Arrays.copyOf(rtp, rtp.length + SrtpContext.MAX_OVERHEAD);
                        int n = tx.protectRtp(buf, 0, rtp.length);
                        sfu.onPacket(PacketKind.RTP_RTCP, buf, 0, n, publisherPaths[pub]);
                        if (seq % 16 == 0) {
                            Thread.sleep(1); // let the churn interleave with the packets
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    sending.decrementAndGet();
                }
            }));
        }
        // Churn: participants join and subscribe, some publish (so everyone renegotiates), then leave.
        var churning = new AtomicBoolean(true);
        var churnRounds = new AtomicInteger();
        var churnDuplicates = new AtomicInteger();
        threads.add(Thread.ofPlatform().name("churn").start(() -> {
            try {
                start.await();
                int n = 0;
                while (churning.get()) {
                    SfuParticipant c = fixture.join("room", "churn" + n, SfuFixture.quietListener());
                    SfuFixture.answerOffer(c);
                    var r = new Receiver(43000 + (n % 1000));
                    fixture.connectThroughIce(c.subscribe, r);
                    if (n % 3 == 0) {
                        c.publish(fixture.offer(), SfuFixture.sources());
                    }
                    for (SfuParticipant s : subscribers.subList(0, RENEGOTIATING)) {
                        SfuFixture.answerOffer(s);
                    }
                    Thread.sleep(5);
                    c.close();
                    for (SfuParticipant s : subscribers.subList(0, RENEGOTIATING)) {
                        SfuFixture.answerOffer(s);
                    }
                    churnDuplicates.addAndGet(r.duplicates.get());
                    n++;
                    churnRounds.incrementAndGet();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }));
        // Subscribers change what they want to see while packets flow (the allocator re-decides).
        threads.add(Thread.ofPlatform().name("preferences").start(() -> {
            try {
                start.await();
                int n = 0;
                while (churning.get()) {
                    SfuParticipant s = subscribers.get(n % SUBSCRIBERS);
                    s.setVideoSizes(java.util.Map.of("pub" + (n % PUBLISHERS), n % 2 == 0 ? 180 : 720));
                    s.setVisibleVideo(n % 4 == 0 ? java.util.Set.of() : java.util.Set.of("pub0", "pub1"));
                    n++;
                    Thread.sleep(1);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }));

        start.countDown();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (sending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        churning.set(false);
        for (Thread t : threads) {
            t.join(5000);
        }
        assertTrue(failures.isEmpty(), () -> "a thread failed: " + failures);
        assertEquals(0, sending.get(), "the publishers finished within 60 s");
        // The fan-out helpers may still be sending the last shares (a busy machine delays them).
        long drained = System.nanoTime() + 30_000_000_000L;
        while (!allReceived(receivers) && System.nanoTime() < drained) {
            Thread.sleep(20);
        }
        assertEquals(0L, sfu.counters().drops(DropReason.FAN_OUT_OVERLOAD),
                "no share dropped for a full helper queue");
        assertTrue(churnRounds.get() > 0, "participants came and went while packets flowed");
        assertEquals(4, sfu.workers());
        for (SfuParticipant p : publishers) {
            assertTrue(p.upTracks().get(0).fanOutShared, "the microphone's fan-out was shared among threads");
        }

        for (int s = 0; s < SUBSCRIBERS; s++) {
            Receiver r = receivers.get(s);
            assertEquals(0, r.undecryptable.get(), "sub" + s + ": every copy decrypts");
            assertEquals(0, r.duplicates.get(), "sub" + s + ": no packet twice");
            for (int p = 0; p < PUBLISHERS; p++) {
                assertEquals(PACKETS, r.received[p].cardinality(), "sub" + s + " got all of pub" + p + "'s packets");
            }
        }
        assertEquals(0, churnDuplicates.get(), "participants who came and went got no packet twice");
    }

    private static boolean allReceived(List<Receiver> receivers) {
        for (Receiver r : receivers) {
            synchronized (r) {
                for (BitSet b : r.received) {
                    if (b.cardinality() < PACKETS) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
