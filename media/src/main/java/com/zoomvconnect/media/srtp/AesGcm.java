package com.zoomvconnect.media.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 12-byte IV and a 16-byte tag (NIST SP 800-38D), keyed once, for SRTP's
 * per-packet IVs (RFC 7714). The JDK's {@code AES/GCM} cipher must be re-initialised for every
 * IV, which rebuilds its GHASH key, engine objects and IV-reuse check on every packet; here GCM
 * is its two halves: AES-CTR from J0 and GHASH, both through the JDK's own routines, which HotSpot
 * compiles to AES and carry-less multiply instructions. The CTR engine is keyed once and only its
 * counter is reset per packet: even the JDK's {@code AES/CTR} cipher, re-initialised with each IV,
 * re-checked the key's algorithm name and bytes every time (a tenth of a media worker's samples at
 * a fan-out of 900, docs/performance.md). Both routines are internal to {@code java.base}: they are
 * reachable only when the launcher opens {@code java.base/com.sun.crypto.provider} (the appliance
 * and load generator jars say so in their manifests, the test runs on the command line). Without
 * that {@link #available()} is false and {@link SrtpContext} keeps the JDK's GCM cipher.
 *
 * <p>Not thread-safe: one thread at a time, like the context that owns it.
 */
final class AesGcm {
    static final int TAG = 16;
    private static final MethodHandle GHASH_BLOCKS = findGhash();
    /** The JDK's AES-CTR engine (com.sun.crypto.provider.CounterMode over AESCrypt): new, init, reset, encrypt. */
    private static final MethodHandle[] CTR = findCounterMode();
    private static final byte[] ZERO_BLOCK = new byte[16];

    /** The CTR engine, keyed once; its IV is {@link #counter} (the same array), which {@code reset} copies into its counter. */
    private final Object ctr;
    /** GHASH key H = E(K, 0¹²⁸) as two big-endian longs, then room for the JDK's precomputed powers. */
    private final long[] subkey = new long[18];
    private final long[] state = new long[2];
    private final byte[] counter = new byte[16];
    private final byte[] ekJ0 = new byte[16];
    private final byte[] block = new byte[16];
    private final byte[] tag = new byte[16];

    /** Whether the JDK's GHASH and CTR engine are reachable (see the class comment). */
    static boolean available() {
        return GHASH_BLOCKS != null && CTR != null;
    }

    AesGcm(byte[] keyBytes) throws GeneralSecurityException {
        if (!available()) {
            throw new IllegalStateException("java.base/com.sun.crypto.provider is not opened to this code");
        }
        try {
            ctr = (Object) CTR[0].invokeExact();
            CTR[1].invokeExact(ctr, false, "AES", keyBytes.clone(), counter);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("AES-CTR setup failed", t);
        }
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"));
        byte[] h = ecb.doFinal(ZERO_BLOCK);
        subkey[0] = readLong(h, 0);
        subkey[1] = readLong(h, 8);
    }

    /**
     * Encrypts {@code len} bytes at {@code off} in place and writes the tag right after them,
     * authenticating {@code aadLen} bytes at {@code aadOff} of {@code aad}. Returns {@code len + 16}.
     */
    int seal(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        startCounter(iv);
        crypt(buf, off, len); // in place: CTR's output byte depends on its input byte alone
        computeTag(aad, aadOff, aadLen, buf, off, len);
        System.arraycopy(tag, 0, buf, off + len, TAG);
        return len + TAG;
    }

    /**
     * Checks the tag that ends the {@code len} bytes at {@code off} and, if it holds, decrypts the
     * rest in place. Returns the plaintext length ({@code len - 16}), or -1 if the tag is wrong
     * (the buffer is then unchanged).
     */
    int open(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        int n = len - TAG;
        if (n < 0) {
            return -1;
        }
        startCounter(iv);
        computeTag(aad, aadOff, aadLen, buf, off, n);
        if (!tagMatches(buf, off + n)) {
            return -1;
        }
        crypt(buf, off, n);
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

    /** Sets the CTR engine's counter to J0 = IV ‖ 1 and takes E(K, J0) off the front, so the data starts at J0 + 1. */
    private void startCounter(byte[] iv) {
        System.arraycopy(iv, 0, counter, 0, 12);
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 1;
        try {
            CTR[2].invokeExact(ctr);
            if ((int) CTR[3].invokeExact(ctr, ZERO_BLOCK, 0, 16, ekJ0, 0) != 16) {
                throw new IllegalStateException("AES-CTR took part of a block");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("AES-CTR failed", t);
        }
    }

    /** XORs the key stream from the engine's counter on into {@code len} bytes at {@code off}, in place. */
    private void crypt(byte[] buf, int off, int len) {
        if (len == 0) {
            return;
        }
        try {
            if ((int) CTR[3].invokeExact(ctr, buf, off, len, buf, off) != len) {
                throw new IllegalStateException("AES-CTR took part of the data");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("AES-CTR failed", t);
        }
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


    private static MethodHandle findGhash() {
        try {
            Class<?> ghash = Class.forName("com.sun.crypto.provider.GHASH");
            return MethodHandles.privateLookupIn(ghash, MethodHandles.lookup()).findStatic(ghash, "processBlocks",
                    MethodType.methodType(void.class, byte[].class, int.class, int.class, long[].class, long[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The JDK's CTR engine as four handles, each typed on Object for the engine: a new engine over a
     * new AES block cipher; {@code init(decrypting, algorithm, key, iv)}, which keeps {@code iv} (the
     * array, not a copy) to reset to; {@code reset()}; {@code encrypt(in, inOff, len, out, outOff)}.
     * Null when any of it is not reachable.
     */
    private static MethodHandle[] findCounterMode() {
        try {
            Class<?> aes = Class.forName("com.sun.crypto.provider.AESCrypt");
            Class<?> symmetric = Class.forName("com.sun.crypto.provider.SymmetricCipher");
            Class<?> ctr = Class.forName("com.sun.crypto.provider.CounterMode");
            var in = MethodHandles.privateLookupIn(ctr, MethodHandles.lookup());
            MethodHandle newAes = MethodHandles.privateLookupIn(aes, MethodHandles.lookup()).findConstructor(aes, MethodType.methodType(void.class));
            MethodHandle newCtr = MethodHandles.collectArguments(in.findConstructor(ctr, MethodType.methodType(void.class, symmetric)), 0,
                    newAes.asType(MethodType.methodType(symmetric)));
            return new MethodHandle[] {
                newCtr.asType(MethodType.methodType(Object.class)),
                in.findVirtual(ctr, "init", MethodType.methodType(void.class, boolean.class, String.class, byte[].class, byte[].class))
                        .asType(MethodType.methodType(void.class, Object.class, boolean.class, String.class, byte[].class, byte[].class)),
                in.findVirtual(ctr, "reset", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, Object.class)),
                in.findVirtual(ctr, "encrypt", MethodType.methodType(int.class, byte[].class, int.class, int.class, byte[].class, int.class))
                        .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class, byte[].class, int.class)),
            };
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
