package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.UdpEndpoint;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An overloaded fan-out helper drops the shares it reaches too late instead of delivering them ever
 * later. One publisher's microphone fans out to more subscribers than
 * {@link Forwarder#SHARE_FAN_OUT_AT} on two workers, so half the copies go through the fan-out
 * helper; every send the helper makes takes 2 ms (a machine with no CPU to spare), so each of its
 * shares takes ~70 ms while a packet arrives every millisecond. The helper's queue would hold the
 * whole burst and deliver its last packet seconds late; with the age limit the late shares are
 * dropped and counted ({@link DropReason#FAN_OUT_OVERLOAD}), the helper is done soon after the
 * publisher, and the receiving worker's own share gets every packet. On NIO the helper is a thread
 * of its own; with batched sends ({@code media.sendbatch}) it is the other worker's event loop.
 */
class FanOutOverloadTest {
    private static final int SUBSCRIBERS = Forwarder.SHARE_FAN_OUT_AT + 4;
    private static final int PACKETS = 200;
    private static final SrtpProfile PROFILE = SrtpProfile.AES128_CM_HMAC_SHA1_80;

    private SfuFixture fixture;
    private Sfu sfu;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A subscriber's address: counts RTP sent to it; a send from a fan-out helper takes 2 ms. */
    private static final class SlowOnHelpers extends SfuFixture.LoopbackPath {
        static final AtomicLong lastHelperSend = new AtomicLong();
        final AtomicInteger rtp = new AtomicInteger();
        final AtomicInteger fromHelper = new AtomicInteger();
        SlowOnHelpers(int port) {
            super(port);
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            if (PacketKind.of(buf[off]) != PacketKind.RTP_RTCP || PacketKind.isRtcp(buf, off, len)) {
                return true;
            }
            rtp.incrementAndGet();
            // packets come in on the test's thread, no worker: a worker's thread is the batch mode's helper
            if (Thread.currentThread().getName().startsWith("media-fanout") || UdpEndpoint.currentWorker() >= 0) {
                fromHelper.incrementAndGet();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lastHelperSend.set(System.nanoTime());
            }
            return true;
        }
    }

    @ParameterizedTest(name = "sendBatch={0}")
    @ValueSource(booleans = {false, true})
    void anOverloadedHelperDropsLateSharesAndFinishesSoonAfterThePublisher(boolean sendBatch) throws Exception {
        fixture = new SfuFixture(2, sendBatch);
        sfu = fixture.sfu;
        SlowOnHelpers.lastHelperSend.set(0);
        SfuParticipant publisher = fixture.join("room", "pub", SfuFixture.quietListener());
        var publisherPath = new SfuFixture.FakePath(44000);
        long audioSsrc = fixture.publishThroughIce(publisher, publisherPath);
        List<SlowOnHelpers> paths = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            var path = new SlowOnHelpers(45000 + i);
            fixture.subscribeThroughIce("room", "sub" + i, path);
            paths.add(path);
        }

        var tx = SfuFixture.peerContext(PROFILE);
        for (int seq = 0; seq < PACKETS; seq++) {
            byte[] rtp = SfuFixture.rtp(audioSsrc, SfuFixture.OPUS_PT, seq, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            byte[] buf = java.util.Arrays.copyOf(rtp, rtp.length + SrtpContext.MAX_OVERHEAD);
            int n = tx.protectRtp(buf, 0, rtp.length);
            sfu.onPacket(PacketKind.RTP_RTCP, buf, 0, n, publisherPath);
            Thread.sleep(1);
        }
        long publisherDone = System.nanoTime();
        assertTrue(publisher.upTracks().get(0).fanOutShared, "the fan-out was shared with the helper");

        // Wait until the helper has been quiet for half a second (bounded: 30 s).
        long deadline = publisherDone + 30_000_000_000L;
        while (System.nanoTime() < deadline
                && System.nanoTime() - Math.max(SlowOnHelpers.lastHelperSend.get(), publisherDone) < 500_000_000L) {
            Thread.sleep(50);
        }
        double helperLateMs = (SlowOnHelpers.lastHelperSend.get() - publisherDone) / 1e6;
        long dropped = sfu.counters().drops(DropReason.FAN_OUT_OVERLOAD);
        // Without the limit the helper would send its last share ~PACKETS x 70 ms = 14 s after the publisher.
        assertTrue(helperLateMs < 3000, "the helper's last send came " + helperLateMs + " ms after the publisher's last packet");
        assertTrue(dropped > 0, "late shares dropped and counted; RTP sent per subscriber (from the helper): "
                + paths.stream().map(p -> p.rtp.get() + "(" + p.fromHelper.get() + ")").toList() + ", helper late " + helperLateMs + " ms");
        int helperSubscribers = 0;
        for (SlowOnHelpers p : paths) {
            if (p.fromHelper.get() > 0) {
                helperSubscribers++;
                assertTrue(p.rtp.get() < PACKETS, "a helper's subscriber lost the late shares: " + p.rtp.get());
            } else {
                assertEquals(PACKETS, p.rtp.get(), "the receiving worker's own share gets every packet");
            }
        }
        assertTrue(helperSubscribers > 0 && helperSubscribers < SUBSCRIBERS, "both shares have subscribers");
    }
}
