package com.zoomvconnect.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final TokenSigner signer = new TokenSigner(KEY);
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private String token(long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("typ", "access");
        claims.put("sub", "u1");
        claims.put("exp", exp);
        return signer.sign(claims);
    }

    @Test
    void acceptsItsOwnUnexpiredToken() {
        var claims = signer.verify(token(now.getEpochSecond() + 60), "access", now);
        assertTrue(claims.isPresent());
        assertEquals("u1", claims.get().get("sub"));
    }

    @Test
    void matchesRfc7515HeaderEncoding() {
        String t = token(now.getEpochSecond() + 60);
        String header = new String(Base64.getUrlDecoder().decode(t.split("\\.")[0]), StandardCharsets.UTF_8);
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", header);
    }

    @Test
    void rejectsExpiredToken() {
        assertTrue(signer.verify(token(now.getEpochSecond()), "access", now).isEmpty());
    }

    @Test
    void rejectsWrongType() {
        assertTrue(signer.verify(token(now.getEpochSecond() + 60), "join", now).isEmpty());
    }

    @Test
    void rejectsAlgNone() {
        String[] p = token(now.getEpochSecond() + 60).split("\\.");
        String none = b64("{\"alg\":\"none\"}") + "." + p[1] + ".";
        assertTrue(signer.verify(none, "access", now).isEmpty());
        assertTrue(signer.verify(b64("{\"alg\":\"none\"}") + "." + p[1] + "." + p[2], "access", now).isEmpty());
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        var other = new TokenSigner("another key that is 32 bytes lng".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> claims = Map.of("typ", "access", "exp", now.getEpochSecond() + 60);
        assertTrue(signer.verify(other.sign(claims), "access", now).isEmpty());
    }

    @Test
    void rejectsEveryFlippedCharacter() {
        String t = token(now.getEpochSecond() + 60);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                continue;
            }
            String flipped = t.substring(0, i) + (c == 'A' ? 'B' : 'A') + t.substring(i + 1);
            if (!flipped.equals(t)) {
                // The last base64 character may carry unused bits; decoding either way must still not verify
                // unless the decoded bytes are identical.
                var r = signer.verify(flipped, "access", now);
                if (r.isPresent()) {
                    assertEquals(i, t.length() - 1, "only a no-op change of trailing padding bits may verify");
                }
            }
        }
    }

    @Test
    void rejectsGarbage() {
        for (String s : new String[] {"", ".", "..", "a.b.c", "a.b", "a.b.c.d", "x".repeat(10000), "e30.e30.", "\u0000.\u0000.\u0000"}) {
            assertTrue(signer.verify(s, "access", now).isEmpty(), s);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
