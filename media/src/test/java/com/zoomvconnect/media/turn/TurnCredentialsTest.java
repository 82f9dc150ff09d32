package com.zoomvconnect.media.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The credential format, against values computed independently (Python's hmac and hashlib), and the allow-list ranges. */
class TurnCredentialsTest {
    private static final byte[] SECRET = "north".getBytes(StandardCharsets.US_ASCII);

    @Test
    void passwordIsBase64OfHmacSha1OfTheUsername() {
        var c = TurnCredentials.issue(SECRET, "alice", 1_700_000_000L);
        assertEquals("1700000000:alice", c.username());
        assertEquals("Cd/49soE35ICqcJF/bCTn8Z4OyE=", c.password());
    }

    @Test
    void longTermKeyIsMd5OfUsernameRealmAndPassword() {
        byte[] key = TurnCredentials.longTermKey("1700000000:alice", "zvc", "Cd/49soE35ICqcJF/bCTn8Z4OyE=");
        assertEquals("58d4d5beaeab5b7e664b4d795ad858ee", HexFormat.of().formatHex(key));
    }

    // RFC 5769 §2.4: a request with long-term authentication (password "TheMatrIX" after SASLprep).
    private static final byte[] RFC5769_LONG_TERM = HexFormat.of().parseHex(
            "000100602112a44278ad3433c6ad72c029da412e"
            + "00060012" + "e3839ee38388e383aae38383e382afe382b90000"
            + "0015001c" + "662f2f3439396b3935346436 4f4c33346f4c394653547679 36347341".replace(" ", "")
            + "0014000b" + "6578616d706c652e6f726700"
            + "00080014" + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    @Test
    void theLongTermKeyVerifiesTheRfc5769Sample() throws Exception {
        StunMessage m = StunMessage.parse(RFC5769_LONG_TERM, 0, RFC5769_LONG_TERM.length);
        assertEquals(Stun.BINDING_REQUEST, m.type());
        assertEquals("\u30de\u30c8\u30ea\u30c3\u30af\u30b9", m.username().orElseThrow());
        assertEquals("example.org", m.realm().orElseThrow());
        assertEquals("f//499k954d6OL34oL9FSTvy64sA", m.nonce().orElseThrow());
        assertTrue(m.verifyIntegrity(TurnCredentials.longTermKey(m.username().orElseThrow(), "example.org", "TheMatrIX")));
        assertFalse(m.verifyIntegrity(TurnCredentials.longTermKey(m.username().orElseThrow(), "example.org", "TheMatrix")));
    }

    @Test
    void usernamesParseOnlyInTheirFormat() {
        var u = TurnCredentials.parse("1700000000:p:with:colons").orElseThrow();
        assertEquals(1_700_000_000L, u.expiresEpochSecond());
        assertEquals("p:with:colons", u.user());
        for (String bad : List.of("", "alice", ":alice", "17a:alice", "1700000000:", "-1:alice", "1234567890123:x")) {
            assertFalse(TurnCredentials.parse(bad).isPresent(), bad);
        }
    }

    @Test
    void allowListRangesMatchTheirPrefixOnly() throws Exception {
        var p = RelayPolicy.only(List.of("10.1.2.3", "192.168.0.0/23", "2001:db8::/32"));
        assertTrue(p.allows(InetAddress.getByName("10.1.2.3")));
        assertFalse(p.allows(InetAddress.getByName("10.1.2.4")));
        assertTrue(p.allows(InetAddress.getByName("192.168.1.255")));
        assertFalse(p.allows(InetAddress.getByName("192.168.2.0")));
        assertTrue(p.allows(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(p.allows(InetAddress.getByName("2001:db9::1")));
        assertTrue(RelayPolicy.anywhere().allows(InetAddress.getByName("203.0.113.9")));
        assertThrows(IllegalArgumentException.class, () -> RelayPolicy.Range.parse("example.org"));
        assertThrows(IllegalArgumentException.class, () -> RelayPolicy.Range.parse("10.0.0.0/33"));
    }
}
