package com.zoomvconnect.media.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TURN methods and attributes (RFC 8656 §17, §18) through the STUN writer and parser. */
class TurnAttributesTest {
    private static final byte[] TID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    @Test
    void messageTypesSplitIntoMethodAndClass() {
        assertEquals(0x0003, Stun.ALLOCATE);
        assertEquals(0x0113, Stun.ALLOCATE | Stun.CLASS_ERROR);
        assertEquals(Stun.ALLOCATE, Stun.method(0x0103));
        assertEquals(Stun.CLASS_SUCCESS, Stun.messageClass(0x0103));
        assertEquals(0x0016, Stun.SEND | Stun.CLASS_INDICATION);
        assertEquals(0x0017, Stun.DATA | Stun.CLASS_INDICATION);
        assertEquals(Stun.CHANNEL_BIND, Stun.method(0x0119));
        assertEquals(Stun.CLASS_ERROR, Stun.messageClass(0x0119));
    }

    @Test
    void turnAttributesRoundTrip() throws Exception {
        var peer4 = new InetSocketAddress("192.0.2.1", 32853);
        var peer6 = new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853);
        byte[] b = new StunWriter(Stun.CHANNEL_BIND, TID)
                .int32(Stun.CHANNEL_NUMBER, 0x4001 << 16)
                .int32(Stun.LIFETIME, 3600)
                .int32(Stun.REQUESTED_TRANSPORT, 17 << 24)
                .int32(Stun.REQUESTED_ADDRESS_FAMILY, 2 << 24)
                .xorAddress(Stun.XOR_PEER_ADDRESS, peer4)
                .xorAddress(Stun.XOR_PEER_ADDRESS, peer6)
                .xorAddress(Stun.XOR_RELAYED_ADDRESS, peer6)
                .realm("example.org").nonce("abc")
                .toBytes();
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertEquals(0x4001, m.channelNumber().orElseThrow());
        assertEquals(3600L, m.lifetime().orElseThrow());
        assertEquals(17, m.requestedTransport().orElseThrow());
        assertEquals(2, m.requestedAddressFamily().orElseThrow());
        assertEquals(List.of(peer4, peer6), m.xorAddresses(Stun.XOR_PEER_ADDRESS));
        assertEquals(peer6, m.xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow());
        assertEquals("example.org", m.realm().orElseThrow());
        assertEquals("abc", m.nonce().orElseThrow());
        assertTrue(m.xorAddress(Stun.XOR_MAPPED_ADDRESS).isEmpty());
    }

    @Test
    void xorPeerAddressUsesTheSameMaskAsXorMappedAddress() throws Exception {
        // RFC 5769 §2.2's XOR-MAPPED-ADDRESS value, carried as XOR-PEER-ADDRESS, decodes the same.
        byte[] b = new StunWriter(Stun.DATA | Stun.CLASS_INDICATION, TID)
                .attribute(Stun.XOR_PEER_ADDRESS, HexFormat.of().parseHex("0001a147e112a643")).toBytes();
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertEquals(new InetSocketAddress("192.0.2.1", 32853), m.xorAddress(Stun.XOR_PEER_ADDRESS).orElseThrow());
    }

    @Test
    void malformedAddressesAreTheCodecsException() throws Exception {
        byte[] b = new StunWriter(Stun.CREATE_PERMISSION, TID).attribute(Stun.XOR_PEER_ADDRESS, new byte[] {0, 3, 0, 0, 1, 2, 3, 4})
                .toBytes();
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertThrows(StunException.class, () -> m.xorAddresses(Stun.XOR_PEER_ADDRESS));
    }

    @Test
    void unknownAttributesListsEachType() throws Exception {
        byte[] b = new StunWriter(Stun.ALLOCATE | Stun.CLASS_ERROR, TID).errorCode(420, "Unknown Attribute")
                .unknownAttributes(Stun.DONT_FRAGMENT, Stun.EVEN_PORT).toBytes();
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertEquals(420, m.errorCode().orElseThrow());
        var a = m.attribute(Stun.UNKNOWN_ATTRIBUTES).orElseThrow();
        byte[] v = new byte[a.valueLength()];
        m.copyValue(a, v, 0);
        assertEquals("001a0018", HexFormat.of().formatHex(v));
    }
}
