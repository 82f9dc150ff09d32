package com.zoomvconnect.media.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 12-byte IV and a 16-byte tag (NIST SP 800-38D), keyed once, for SRTP's
 * per-packet IVs (RFC 7714). The JDK's {@code AES/GCM} cipher must be re-initialised for every
 * IV, which rebuilds its GHASH key, engine objects and IV-reuse check on every packet; here GCM
 * is its two halves: AES-CTR from J0 (the JDK's {@code AES/CTR} cipher, whose re-init only
 * copies the counter) and GHASH through the JDK's own GHASH routine, which HotSpot compiles to
 * carry-less multiplies. That routine is internal to {@code java.base}: it is reachable only when
 * the launcher opens {@code java.base/com.sun.crypto.provider} (the appliance and load generator
 * jars say so in their manifests, the test runs on the command line). Without it
 * {@link #available()} is false and {@link SrtpContext} keeps the JDK's GCM cipher.
 *
 * <p>Not thread-safe: one thread at a time, like the context that owns it.
 */
final class AesGcm {
    static final int TAG = 16;
    private static final MethodHandle GHASH_BLOCKS = findGhash();
    private static final byte[] ZERO_BLOCK = new byte[16];

    private final SecretKeySpec key;
    private final Cipher ctr;
    /** GHASH key H = E(K, 0¹²⁸) as two big-endian longs, then room for the JDK's precomputed powers. */
    private final long[] subkey = new long[18];
    private final long[] state = new long[2];
    private final byte[] counter = new byte[16];
    private final byte[] ekJ0 = new byte[16];
    private final byte[] block = new byte[16];
    private final byte[] tag = new byte[16];
    private byte[] scratch = new byte[2048];

    /** Whether the JDK's GHASH is reachable (see the class comment). */
    static boolean available() {
        return GHASH_BLOCKS != null;
    }

    AesGcm(byte[] keyBytes) throws GeneralSecurityException {
        if (!available()) {
            throw new IllegalStateException("java.base/com.sun.crypto.provider is not opened to this code");
        }
        key = new SecretKeySpec(keyBytes, "AES");
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, key);
        byte[] h = ecb.doFinal(ZERO_BLOCK);
        subkey[0] = readLong(h, 0);
        subkey[1] = readLong(h, 8);
    }

    /**
     * Encrypts {@code len} bytes at {@code off} in place and writes the tag right after them,
     * authenticating {@code aadLen} bytes at {@code aadOff} of {@code aad}. Returns {@code len + 16}.
     */
    int seal(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) throws GeneralSecurityException {
        byte[] out = scratch(len);
        startCounter(iv);
        if (len > 0) {
            ctr.doFinal(buf, off, len, out, 0);
        }
        computeTag(aad, aadOff, aadLen, out, 0, len);
        System.arraycopy(out, 0, buf, off, len);
        System.arraycopy(tag, 0, buf, off + len, TAG);
        return len + TAG;
    }

    /**
     * Checks the tag that ends the {@code len} bytes at {@code off} and, if it holds, decrypts the
     * rest in place. Returns the plaintext length ({@code len - 16}), or -1 if the tag is wrong
     * (the buffer is then unchanged).
     */
    int open(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) throws GeneralSecurityException {
        int n = len - TAG;
        if (n < 0) {
            return -1;
        }
        startCounter(iv);
        computeTag(aad, aadOff, aadLen, buf, off, n);
        if (!tagMatches(buf, off + n)) {
            return -1;
        }
        if (n > 0) {
            byte[] out = scratch(n);
            ctr.doFinal(buf, off, n, out, 0);
            System.arraycopy(out, 0, buf, off, n);
        }
        return n;
    }

    /** Constant-time comparison of the computed tag with the one at {@code at}. */
    private boolean tagMatches(byte[] buf, int at) {
        int diff = 0;
        for (int i = 0; i < TAG; i++) {
            diff |= tag[i] ^ buf[at + i];
        }
        return diff == 0;
    }

    /** Keys the CTR cipher at J0 = IV ‖ 1 and takes E(K, J0) off the front, so the data starts at J0 + 1. */
    private void startCounter(byte[] iv) throws GeneralSecurityException {
        System.arraycopy(iv, 0, counter, 0, 12);
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 1;
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
        ctr.update(ZERO_BLOCK, 0, 16, ekJ0, 0);
    }

    /** tag = GHASH(AAD ‖ pad ‖ C ‖ pad ‖ len(AAD) ‖ len(C)) XOR E(K, J0). */
    private void computeTag(byte[] aad, int aadOff, int aadLen, byte[] c, int cOff, int cLen) {
        state[0] = 0;
        state[1] = 0;
        ghashPadded(aad, aadOff, aadLen);
        ghashPadded(c, cOff, cLen);
        writeLong(block, 0, (long) aadLen << 3);
        writeLong(block, 8, (long) cLen << 3);
        ghash(block, 0, 1);
        writeLong(tag, 0, state[0]);
        writeLong(tag, 8, state[1]);
        for (int i = 0; i < 16; i++) {
            tag[i] ^= ekJ0[i];
        }
    }

    private void ghashPadded(byte[] b, int off, int len) {
        int full = len >>> 4;
        if (full > 0) {
            ghash(b, off, full);
        }
        int rest = len & 15;
        if (rest > 0) {
            System.arraycopy(b, off + (full << 4), block, 0, rest);
            Arrays.fill(block, rest, 16, (byte) 0);
            ghash(block, 0, 1);
        }
    }

    private void ghash(byte[] b, int off, int blocks) {
        try {
            GHASH_BLOCKS.invokeExact(b, off, blocks, state, subkey);
        } catch (Throwable t) {
            throw new IllegalStateException("GHASH failed", t);
        }
    }

    private byte[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[len];
        }
        return scratch;
    }

    private static MethodHandle findGhash() {
        try {
            Class<?> ghash = Class.forName("com.sun.crypto.provider.GHASH");
            return MethodHandles.privateLookupIn(ghash, MethodHandles.lookup()).findStatic(ghash, "processBlocks",
                    MethodType.methodType(void.class, byte[].class, int.class, int.class, long[].class, long[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static long readLong(byte[] b, int i) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[i + k] & 0xff);
        }
        return v;
    }

    private static void writeLong(byte[] b, int i, long v) {
        for (int k = 7; k >= 0; k--) {
            b[i + k] = (byte) v;
            v >>>= 8;
        }
    }
}
