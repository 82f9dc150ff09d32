package com.zoomvconnect.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HeaderExtensionWriterTest {
    // V=2, no extension, PT=96 seq=0x1234 ts=0xdeadbeef ssrc=0x01020304, payload cafebabe
    private static final String HEADER = "80601234deadbeef01020304";
    private static final String PAYLOAD = "cafebabe";

    private static byte[] packet() {
        byte[] b = new byte[1500];
        byte[] p = HexFormat.of().parseHex(HEADER + PAYLOAD);
        System.arraycopy(p, 0, b, 0, p.length);
        return b;
    }

    @Test
    void writesATransportSequenceAsOneByteElement() {
        byte[] b = packet();
        int n = new HeaderExtensionWriter().clear().add(3, 0x0102, 2).insertInto(b, 0, 16);
        // RFC 8285 §4.2: 0xBEDE, length 1 word, element id 3 len-1 = 1, value, one byte padding
        assertEquals("90601234deadbeef01020304" + "bede0001" + "31010200" + PAYLOAD, HexFormat.of().formatHex(b, 0, n));
        assertEquals(12 + 8, RtpPacket.headerLength(b, 0, n));
        long e = RtpPacket.findExtension(b, 0, n, 3);
        assertEquals(2, e & 0xff);
        assertEquals(0x0102, ((b[(int) (e >>> 8)] & 0xff) << 8) | (b[(int) (e >>> 8) + 1] & 0xff));
    }

    @Test
    void fallsBackToTwoByteFormForHighIdsAndLongValues() {
        byte[] b = packet();
        var w = new HeaderExtensionWriter().clear().add(15, 0xAA, 1).add(2, new byte[17], 0, 17);
        assertTrue(w.twoByte());
        int n = w.insertInto(b, 0, 16);
        assertEquals("1000", HexFormat.of().formatHex(b, 12, 14), "RFC 8285 §4.3 profile 0x100, appbits 0");
        assertEquals(1, RtpPacket.findExtension(b, 0, n, 15) & 0xff);
        assertEquals(17, RtpPacket.findExtension(b, 0, n, 2) & 0xff);
        assertEquals(0, (n - 16) % 4, "block padded to 32 bits");
        assertEquals(PAYLOAD, HexFormat.of().formatHex(b, n - 4, n));
    }

    @Test
    void keepsCsrcsAndReusesItselfAfterClear() {
        byte[] b = new byte[64];
        byte[] p = HexFormat.of().parseHex("81601234deadbeef01020304" + "0a0b0c0d" + PAYLOAD);
        System.arraycopy(p, 0, b, 0, p.length);
        var w = new HeaderExtensionWriter();
        w.clear().add(9, 1, 1).add(10, 2, 1);
        w.clear().add(1, 0x7F, 1);
        assertFalse(w.twoByte());
        int n = w.insertInto(b, 0, p.length);
        assertEquals("0a0b0c0d" + "bede0001" + "107f0000" + PAYLOAD, HexFormat.of().formatHex(b, 12, n));
        assertEquals(-1, RtpPacket.findExtension(b, 0, n, 9), "cleared elements are gone");
    }

    @Test
    void refusesAPacketThatAlreadyHasAnExtension() {
        byte[] b = packet();
        b[0] |= 0x10;
        assertThrows(IllegalStateException.class, () -> new HeaderExtensionWriter().add(1, 1, 1).insertInto(b, 0, 16));
    }
}
