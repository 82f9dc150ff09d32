package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Stateless NONCEs (RFC 8489 §9.2): the expiry time in hex, then a MAC over it and the client's
 * address under a key that lives as long as the server. A nonce from another client, a forged one
 * or one past its expiry is not valid, which the server answers with 438 and a fresh one.
 */
final class Nonces {
    private final byte[] key = new byte[32];

    Nonces() {
        new SecureRandom().nextBytes(key);
    }

    String mint(InetSocketAddress client, long expiresMillis) {
        String expiry = HexFormat.of().toHexDigits(expiresMillis);
        return expiry + mac(expiry, client);
    }

    boolean isValid(String nonce, InetSocketAddress client, long nowMillis) {
        if (nonce.length() != 16 + 22) {
            return false;
        }
        String expiry = nonce.substring(0, 16);
        long expires;
        try {
            expires = HexFormat.fromHexDigitsToLong(expiry);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] given = nonce.substring(16).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(expiry, client).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) && nowMillis < expires;
    }

    private String mac(String expiry, InetSocketAddress client) {
        byte[] in = (expiry + "|" + client.getAddress().getHostAddress() + "|" + client.getPort())
                .getBytes(StandardCharsets.US_ASCII);
        byte[] m = StunWriter.hmacSha1(key, in, 0, in.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(m).substring(0, 22);
    }
}
