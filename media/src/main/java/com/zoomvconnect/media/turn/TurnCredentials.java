package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.StunWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived TURN credentials in the style of the TURN REST API and RFC 7635 §4 timestamps:
 * username {@code <expiry-unix-seconds>:<participant-id>}, password
 * {@code base64(HMAC-SHA1(secret, username))}. Whoever holds the secret (the appliance, when it
 * issues a join grant) mints them; the TURN server needs no state to check them.
 */
public final class TurnCredentials {
    private TurnCredentials() {
    }

    /** A parsed username. */
    public record Username(long expiresEpochSecond, String user) {
    }

    /** A credential to hand to a client. */
    public record Issued(String username, String password) {
    }

    public static Issued issue(byte[] secret, String participantId, long expiresEpochSecond) {
        String username = expiresEpochSecond + ":" + participantId;
        return new Issued(username, password(secret, username));
    }

    public static String password(byte[] secret, String username) {
        return Base64.getEncoder().encodeToString(StunWriter.hmacSha1(secret, utf8(username), 0, utf8(username).length));
    }

    /** Empty unless {@code <digits>:<non-empty id>}. */
    public static Optional<Username> parse(String username) {
        int colon = username.indexOf(':');
        if (colon <= 0 || colon > 12 || colon == username.length() - 1) {
            return Optional.empty();
        }
        long expiry = 0;
        for (int i = 0; i < colon; i++) {
            int d = username.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return Optional.empty();
            }
            expiry = expiry * 10 + d;
        }
        return Optional.of(new Username(expiry, username.substring(colon + 1)));
    }

    /** The long-term key MD5(username ":" realm ":" password) that keys MESSAGE-INTEGRITY (RFC 8489 §9.2.2). */
    public static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest(utf8(username + ":" + realm + ":" + password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
