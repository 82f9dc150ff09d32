package com.zoomvconnect.media.ice;

import java.security.SecureRandom;

/** Local ICE username fragment and password (RFC 8445 §5.3: ufrag ≥ 24 bits, pwd ≥ 128 bits of randomness). */
public record IceCredentials(String ufrag, String pwd) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static IceCredentials random() {
        return new IceCredentials(chars(8), chars(24));
    }

    private static String chars(int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return sb.toString();
    }
}
