package com.zoomvconnect.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 §4.3.1, key derivation rate 0): AES in counter
 * mode keyed with the master key, over x = label XOR master salt. For the AEAD profile the
 * 96-bit master salt is used as the first 12 octets of the 112-bit KDF salt (RFC 7714 §11).
 */
public final class SrtpKeyDerivation {
    public static final int LABEL_RTP_ENCRYPTION = 0;
    public static final int LABEL_RTP_AUTH = 1;
    public static final int LABEL_RTP_SALT = 2;
    public static final int LABEL_RTCP_ENCRYPTION = 3;
    public static final int LABEL_RTCP_AUTH = 4;
    public static final int LABEL_RTCP_SALT = 5;

    private SrtpKeyDerivation() {
    }

    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] x = new byte[16];
        System.arraycopy(masterSalt, 0, x, 0, Math.min(14, masterSalt.length));
        x[7] ^= (byte) label; // key_id = label || r, r = 0 (kdr = 0), aligned to the right of the 112 bits
        byte[] out = new byte[(length + 15) & ~15];
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] block = x.clone();
            for (int i = 0; i < out.length / 16; i++) {
                block[14] = (byte) (i >>> 8);
                block[15] = (byte) i;
                aes.doFinal(block, 0, 16, out, i * 16);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        byte[] result = new byte[length];
        System.arraycopy(out, 0, result, 0, length);
        return result;
    }
}
