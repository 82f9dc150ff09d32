package com.zoomvconnect.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    // V=2 X=1 PT=96 seq=0x1234 ts=0xdeadbeef ssrc=0x01020304, one-byte extension: id 1 len 1 (0xaa), id 3 len 2
    private static final byte[] PKT = HexFormat.of().parseHex(
            "9060123" + "4deadbeef01020304" + "bede0002" + "10aa" + "21bbcc" + "000000" + "cafebabe");

    @Test
    void readsHeaderFieldsAndOneByteExtensions() {
        assertEquals(12 + 4 + 8, RtpPacket.headerLength(PKT, 0, PKT.length));
        assertEquals(96, RtpPacket.payloadType(PKT, 0));
        assertEquals(0x1234, RtpPacket.sequence(PKT, 0));
        assertEquals(0xdeadbeefL, RtpPacket.timestamp(PKT, 0));
        assertEquals(0x01020304L, RtpPacket.ssrc(PKT, 0));
        long e1 = RtpPacket.findExtension(PKT, 0, PKT.length, 1);
        assertEquals(1, e1 & 0xff);
        assertEquals((byte) 0xaa, PKT[(int) (e1 >>> 8)]);
        long e3 = RtpPacket.findExtension(PKT, 0, PKT.length, 2);
        assertEquals(2, e3 & 0xff);
        assertEquals(-1, RtpPacket.findExtension(PKT, 0, PKT.length, 5));
    }

    @Test
    void stripsTheExtensionAndRewritesInPlace() {
        byte[] b = PKT.clone();
        int n = RtpPacket.stripExtension(b, 0, b.length);
        assertEquals(16, n);
        assertEquals(12, RtpPacket.headerLength(b, 0, n));
        assertEquals("cafebabe", HexFormat.of().formatHex(b, 12, 16));
        RtpPacket.setSequence(b, 0, 7);
        RtpPacket.setTimestamp(b, 0, 0xffffffffL);
        RtpPacket.setSsrc(b, 0, 0x80000000L);
        RtpPacket.setPayloadType(b, 0, 111);
        assertEquals(7, RtpPacket.sequence(b, 0));
        assertEquals(0xffffffffL, RtpPacket.timestamp(b, 0));
        assertEquals(0x80000000L, RtpPacket.ssrc(b, 0));
        assertEquals(111, RtpPacket.payloadType(b, 0));
    }

    @Test
    void detectsVp8AndH264Keyframes() {
        // VP8: X=1 S=1 PID=0, I=1 with 15-bit picture id, payload header P=0
        assertTrue(Keyframes.isKeyframe("VP8", new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23, 0x10}, 0, 5));
        assertFalse(Keyframes.isKeyframe("VP8", new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23, 0x11}, 0, 5));
        assertFalse(Keyframes.isKeyframe("VP8", new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x81, 0x23, 0x10}, 0, 5), "not start");
        assertTrue(Keyframes.isKeyframe("H264", new byte[] {0x65, 0x00}, 0, 2));
        assertTrue(Keyframes.isKeyframe("H264", new byte[] {0x18, 0x00, 0x02, 0x67, 0x42, 0x00, 0x01, 0x68}, 0, 8), "STAP-A with SPS");
        assertTrue(Keyframes.isKeyframe("H264", new byte[] {0x7c, (byte) 0x85, 0x00}, 0, 3), "FU-A start of IDR");
        assertFalse(Keyframes.isKeyframe("H264", new byte[] {0x7c, 0x05, 0x00}, 0, 3), "FU-A continuation");
        assertFalse(Keyframes.isKeyframe("opus", new byte[] {0x00}, 0, 1));
    }

    @Test
    void hostileInputNeverThrows() {
        var rnd = new Random(4);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[rnd.nextInt(64)];
            rnd.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (0x80 | (b[0] & 0x3f));
            }
            int h = RtpPacket.headerLength(b, 0, b.length);
            if (h >= 0) {
                RtpPacket.payloadLength(b, 0, b.length, h);
                for (int id = 1; id < 16; id++) {
                    RtpPacket.findExtension(b, 0, b.length, id);
                }
                Keyframes.isKeyframe("VP8", b, h, b.length - h);
                Keyframes.isKeyframe("H264", b, h, b.length - h);
                RtpPacket.stripExtension(b, 0, b.length);
            }
        }
    }
}
