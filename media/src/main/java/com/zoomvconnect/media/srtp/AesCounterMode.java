package com.zoomvconnect.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CM (RFC 3711 §4.1.1) without per-packet allocation: counter blocks for the whole packet
 * are laid out in a reused buffer and encrypted in one ECB call (AES-NI via the JCE), then XORed.
 */
final class AesCounterMode {
    private static final int MAX = 2048;
    private final Cipher ecb;
    private final byte[] counters = new byte[MAX + 16];
    private final byte[] keystream = new byte[MAX + 16];

    AesCounterMode(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** XORs {@code len} bytes at {@code off} with the keystream that starts at counter block {@code iv}. */
    void apply(byte[] iv, byte[] buf, int off, int len) {
        if (len > MAX) {
            throw new IllegalArgumentException("packet too large for SRTP: " + len);
        }
        int blocks = (len + 15) >>> 4;
        for (int b = 0; b < blocks; b++) {
            int p = b << 4;
            System.arraycopy(iv, 0, counters, p, 14);
            // The low 16 bits count blocks (RFC 3711 §4.1.1); packets never reach 2^16 blocks.
            int c = ((iv[14] & 0xff) << 8 | (iv[15] & 0xff)) + b;
            counters[p + 14] = (byte) (c >>> 8);
            counters[p + 15] = (byte) c;
        }
        try {
            ecb.update(counters, 0, blocks << 4, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < len; i++) {
            buf[off + i] ^= keystream[i];
        }
    }
}
