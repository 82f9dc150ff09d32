package com.zoomvconnect.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS (RFC 7515) signing and verification with HS256 only. Any other {@code alg},
 * {@code none} included, is refused — the algorithm is fixed by the server, never read from
 * the token (RFC 8725 §3.1).
 */
public final class TokenSigner {
    private static final String HEADER = b64(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final SecretKeySpec key;

    public TokenSigner(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("JWT secret must be at least 256 bits");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Signs the claims; {@code exp} and {@code iat} must already be set by the caller. */
    public String sign(Map<String, Object> claims) {
        try {
            String payload = b64(JSON.writeValueAsBytes(claims));
            String signingInput = HEADER + "." + payload;
            return signingInput + "." + b64(mac(signingInput));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode claims", e);
        }
    }

    /**
     * Verifies signature, header and expiry, and that claim {@code typ} equals {@code type}.
     * Returns the claims, or empty for any invalid, tampered or expired token.
     */
    public Optional<Map<String, Object>> verify(String token, String type, Instant now) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            String signingInput = token.substring(0, second);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(signature, mac(signingInput))) {
                return Optional.empty();
            }
            Map<String, Object> header = JSON.readValue(Base64.getUrlDecoder().decode(token.substring(0, first)), MAP);
            if (!"HS256".equals(header.get("alg"))) {
                return Optional.empty();
            }
            Map<String, Object> claims = JSON.readValue(Base64.getUrlDecoder().decode(token.substring(first + 1, second)), MAP);
            if (!(claims.get("exp") instanceof Number exp) || exp.longValue() <= now.getEpochSecond()) {
                return Optional.empty();
            }
            if (!type.equals(claims.get("typ"))) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** HMAC-SHA256 of {@code data} with the server key, truncated to 128 bits, base64url. */
    public String digest(String data) {
        byte[] full = mac("link:" + data);
        return b64(java.util.Arrays.copyOf(full, 16));
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
