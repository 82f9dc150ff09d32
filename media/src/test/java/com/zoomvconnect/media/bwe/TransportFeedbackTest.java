package com.zoomvconnect.media.bwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportFeedbackTest {
    private static final long L = TransportFeedback.LOST;

    @Test
    void writesTheDraftsWireFormatByteForByte() {
        // Three packets from seq 100: received at 64 ms + 1 ms, lost, received 1.5 ms later.
        long[] arrivals = {65_000, L, 66_500};
        byte[] b = new byte[64];
        int n = TransportFeedback.write(b, 0, 1, 0x11223344L, 100, 7, arrivals, 3);
        byte[] expected = {
            (byte) 0x8F, (byte) 205, 0, 5,              // V=2 FMT=15, RTPFB, length: 6 words - 1
            0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44,          // sender SSRC, media SSRC
            0, 100, 0, 3,                                // base sequence 100, 3 packets
            0, 0, 1, 7,                                  // reference time 1 (x 64 ms), feedback count 7
            (byte) 0xD1, 0x00,                           // status vector, 2-bit symbols: small, not received, small
            4, 6};                                       // deltas: 1 ms = 4 x 250 us, then 1.5 ms = 6 x 250 us
        assertEquals(expected.length, n);
        assertArrayEquals(expected, java.util.Arrays.copyOf(b, n));
    }

    @Test
    void roundTripsRunsLargeAndNegativeDeltasAndManyPackets() {
        Random r = new Random(5);
        for (int round = 0; round < 200; round++) {
            int count = 1 + r.nextInt(900);
            long[] arrivals = new long[count];
            long t = 10_000_000L + r.nextInt(4000) * 250L; // the wire carries 250 us units
            for (int i = 0; i < count; i++) {
                boolean lost = i > 0 && r.nextInt(10) < (round % 3 == 0 ? 8 : 1);
                t += switch (r.nextInt(4)) {
                    case 0 -> -r.nextInt(5) * 250L;            // reordered: earlier than the previous
                    case 1 -> r.nextInt(200) * 250L;           // up to 50 ms: one byte
                    case 2 -> 70_000L + r.nextInt(100) * 250L; // more than 63.75 ms: two bytes
                    default -> 0L;
                };
                arrivals[i] = lost ? L : t;
            }
            byte[] b = new byte[20 + 2 * count + 2 * count + 8];
            int n = TransportFeedback.write(b, 0, 9, 10, 65_000, round & 0xFF, arrivals, count);
            var d = TransportFeedback.parse(b, 0, n);
            assertEquals(65_000, d.baseSeq());
            assertEquals(round & 0xFF, d.feedbackCount());
            assertArrayEquals(arrivals, d.arrivalsUs(), "round " + round);
        }
    }

    @Test
    void malformedFeedbackIsNull() {
        byte[] b = new byte[64];
        int n = TransportFeedback.write(b, 0, 1, 2, 0, 0, new long[] {100_000, 101_000}, 2);
        assertNull(TransportFeedback.parse(b, 0, n - 4), "truncated");
        b[1] = (byte) 206;
        assertNull(TransportFeedback.parse(b, 0, n), "not RTPFB");
    }

    @Test
    void theRecorderReportsEachPacketOnceWithLossesAndSequenceWrap() {
        var rec = new TransportFeedbackRecorder();
        byte[] out = new byte[16_000];
        rec.record(65_534, 1_000_000);
        rec.record(65_535, 1_001_000);
        rec.record(1, 1_003_000); // 0 lost (or late), sequence wrapped
        int n = rec.drain(out, 0, out.length, 1, 2);
        var d = TransportFeedback.parse(out, 0, n);
        assertEquals(65_534, d.baseSeq());
        assertArrayEquals(new long[] {1_000_000, 1_001_000, L, 1_003_000}, d.arrivalsUs());
        rec.record(0, 1_004_000); // arrives after being reported lost: not reported again
        rec.record(2, 1_005_000);
        n = rec.drain(out, 0, out.length, 1, 2);
        d = TransportFeedback.parse(out, 0, n);
        assertEquals(2, d.baseSeq());
        assertEquals(1, d.arrivalsUs().length);
        assertEquals(1, d.feedbackCount(), "feedback packets are counted");
        assertEquals(0, rec.drain(out, 0, out.length, 1, 2), "nothing new");
    }

    @Test
    void aRecorderWithNothingDrainsNothingAndAGapBeyondItsWindowStartsAfresh() {
        var rec = new TransportFeedbackRecorder();
        byte[] out = new byte[16_000];
        assertEquals(0, rec.drain(out, 0, out.length, 1, 2), "a subscriber-only connection has nothing to report");
        rec.record(10, 1_000_000);
        rec.record(12, 1_002_000); // 11 not (yet) here
        int gap = 12 + TransportFeedbackRecorder.WINDOW + 5;
        rec.record(gap, 2_000_000); // after a long silence (or a restart)
        rec.record(gap + 1, 2_001_000);
        int n = rec.drain(out, 0, out.length, 1, 2);
        var d = TransportFeedback.parse(out, 0, n);
        assertEquals(gap, d.baseSeq(), "reporting restarts at the packet after the gap");
        assertArrayEquals(new long[] {2_000_000, 2_001_000}, d.arrivalsUs());
        assertEquals(n, 4 * (((out[2] & 0xFF) << 8 | (out[3] & 0xFF)) + 1), "one feedback packet");
    }

    @Test
    void manyPacketsSplitIntoSeveralFeedbacksInOneCompound() {
        var rec = new TransportFeedbackRecorder();
        for (int i = 0; i < 2500; i++) {
            rec.record(i, 5_000_000L + i * 100L);
        }
        byte[] out = new byte[20_000];
        int n = rec.drain(out, 0, out.length, 1, 2);
        int p = 0;
        int packets = 0;
        int seen = 0;
        while (p < n) {
            int len = 4 * (((out[p + 2] & 0xFF) << 8 | (out[p + 3] & 0xFF)) + 1);
            var d = TransportFeedback.parse(out, p, len);
            assertEquals(seen, d.baseSeq());
            seen += d.arrivalsUs().length;
            p += len;
            packets++;
        }
        assertEquals(2500, seen);
        assertTrue(packets >= 3, "at most 1000 packets per feedback");
    }
}
