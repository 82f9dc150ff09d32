package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

/**
 * A microphone that sends for longer than the sequence numbers last: 140 000 packets (47 minutes
 * of Opus at 50 a second, two wraps of the 16-bit number, the SRTP rollover counter on both legs)
 * through the whole packet path reach the subscriber, every one, nothing dropped, and its SRTP
 * opens every copy (the rollover counter across the SFU's wraps). Before the fix
 * in {@link SequenceRewriter} the subscriber got the first 32 768 (11 minutes) and then nothing.
 */
class LongStreamTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    private static final int PACKETS = 140_000;

    @Test
    void aMicrophoneSendingForLongerThanItsSequenceNumbersLastReachesItsSubscriberThroughout() {
        try (var fixture = new SfuFixture(1, false)) {
            SfuParticipant publisher = fixture.join("room", "pub", SfuFixture.quietListener());
            var publisherPath = new SfuFixture.FakePath(40000);
            long audio = fixture.publishThroughIce(publisher, publisherPath, PROFILE);
            var subscriberPath = new Decrypting(41000);
            SfuParticipant subscriber = fixture.subscribeThroughIce("room", "sub", subscriberPath, PROFILE);
            var tx = SfuFixture.peerContext(PROFILE);
            byte[] b = new byte[100 + SrtpContext.MAX_OVERHEAD];
            int start = 30_000; // the first wrap after 35 536 packets
            int sentBefore = subscriberPath.sent.get();
            for (int i = 0; i < PACKETS; i++) {
                b[0] = (byte) 0x80;
                b[1] = (byte) (0x80 | SfuFixture.OPUS_PT);
                RtpPacket.setSequence(b, 0, (start + i) & 0xffff);
                RtpPacket.setTimestamp(b, 0, 960L * i);
                RtpPacket.setSsrc(b, 0, audio);
                int n = tx.protectRtp(b, 0, 100);
                fixture.sfu.onPacket(PacketKind.RTP_RTCP, b, 0, n, publisherPath);
                if (i % 10_000 == 0) { // consent as the clients' checks keep it (RFC 7675: 30 s)
                    publisher.publishTransport().lastConsentNanos = System.nanoTime();
                    subscriber.subscribe.lastConsentNanos = System.nanoTime();
                }
            }
            assertEquals(0, fixture.sfu.counters().drops(DropReason.TOO_OLD), "dropped as too old");
            assertEquals(PACKETS, fixture.sfu.counters().rtpOut.sum(), "RTP copies sent to the subscriber");
            // the path also carries what the SFU sends on its own (RTCP): at least every packet
            int datagrams = subscriberPath.sent.get() - sentBefore;
            assertTrue(datagrams >= PACKETS, datagrams + " datagrams for " + PACKETS + " packets");
            // ... and the subscriber's SRTP opens every copy: the SFU's rollover counter follows its numbering's wraps
            assertEquals(PACKETS, subscriberPath.opened.get(), "copies the subscriber decrypted (failures: " + subscriberPath.failed.get() + ")");
            assertEquals(0, subscriberPath.failed.get());
        }
    }

    /** The subscriber's end: counts what it sends, and decrypts each RTP copy with the keys the fixture installed. */
    private static final class Decrypting extends SfuFixture.LoopbackPath {
        final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        private final SrtpContext rx = SfuFixture.peerContext(PROFILE);

        Decrypting(int port) {
            super(port);
        }

        @Override
        public synchronized boolean send(byte[] buf, int off, int len) {
            sent.incrementAndGet();
            if (PacketKind.of(buf[off]) == PacketKind.RTP_RTCP && !PacketKind.isRtcp(buf, off, len)) {
                byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
                if (rx.unprotectRtp(copy, 0, len) > 0) {
                    if ((copy[1] & 0x7f) == SfuFixture.OPUS_PT) { // not a padding probe, should the SFU send one
                        opened.incrementAndGet();
                    }
                } else {
                    failed.incrementAndGet();
                }
            }
            return true;
        }
    }
}
