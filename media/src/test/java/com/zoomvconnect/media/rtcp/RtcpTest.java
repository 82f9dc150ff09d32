package com.zoomvconnect.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpTest {
    private final RtcpParser parser = new RtcpParser();

    @Test
    void roundTripsACompoundOfSrPliNackAndRemb() {
        byte[] b = new byte[512];
        int n = RtcpWriter.senderReport(b, 0, 11, 0x0102030405060708L, 90000, 10, 1000);
        n += RtcpWriter.pli(b, n, 11, 22);
        n += RtcpWriter.nack(b, n, 11, 22, new int[] {100, 101, 105, 116, 117, 300}, 6);
        n += RtcpWriter.remb(b, n, 11, 2_500_000, List.of(22L, 33L));
        n += RtcpWriter.receiverReport(b, n, 11, List.of(new RtcpPacket.ReportBlock(22, 12, -3, 70000, 5, 0x1234, 99)));
        n += RtcpWriter.fir(b, n, 11, 22, 7);
        List<RtcpPacket> p = parser.parse(b, 0, n);
        assertEquals(6, p.size());
        var sr = assertInstanceOf(RtcpPacket.SenderReport.class, p.get(0));
        assertEquals(0x0102030405060708L, sr.ntpTimestamp());
        assertEquals(90000, sr.rtpTimestamp());
        assertEquals(new RtcpPacket.Pli(11, 22), p.get(1));
        var nack = assertInstanceOf(RtcpPacket.Nack.class, p.get(2));
        assertArrayEquals(new int[] {100, 101, 105, 116, 117, 300}, nack.sequences());
        var remb = assertInstanceOf(RtcpPacket.Remb.class, p.get(3));
        assertEquals(List.of(22L, 33L), remb.ssrcs());
        assertEquals(2_500_000, remb.bitrate(), 2_500_000 / 1000.0);
        var rr = assertInstanceOf(RtcpPacket.ReceiverReport.class, p.get(4));
        assertEquals(-3, rr.reports().get(0).cumulativeLost());
        assertEquals(70000, rr.reports().get(0).highestSeq());
        assertEquals(List.of(22L), assertInstanceOf(RtcpPacket.Fir.class, p.get(5)).mediaSsrcs());
        assertEquals(0, parser.malformed());
    }

    @Test
    void truncatedAndRandomInputIsCountedNotThrown() {
        var rnd = new Random(8);
        byte[] good = new byte[64];
        int n = RtcpWriter.senderReport(good, 0, 1, 2, 3, 4, 5);
        for (int i = 0; i < 50_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = java.util.Arrays.copyOf(good, rnd.nextInt(n + 1));
            } else {
                b = new byte[rnd.nextInt(100)];
                rnd.nextBytes(b);
                if (b.length > 0) {
                    b[0] = (byte) (0x80 | (b[0] & 0x3f));
                }
                if (b.length > 1) {
                    b[1] = (byte) (200 + rnd.nextInt(8));
                }
            }
            parser.parse(b, 0, b.length);
        }
    }
}
