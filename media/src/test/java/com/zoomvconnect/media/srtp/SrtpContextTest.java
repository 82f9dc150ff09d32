package com.zoomvconnect.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3711 Appendix B and RFC 7714 §16–17 vectors, round trips, ROC, replay and tampering. */
class SrtpContextTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void derivesRfc3711AppendixB3SessionKeys() {
        byte[] mk = HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] ms = HEX.parseHex("0EC675AD498AFEEBB6960B3AABE6");
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", HEX.formatHex(SrtpKeyDerivation.derive(mk, ms, 0, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", HEX.formatHex(SrtpKeyDerivation.derive(mk, ms, 2, 14)));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", HEX.formatHex(SrtpKeyDerivation.derive(mk, ms, 1, 20)));
    }

    @Test
    void producesTheRfc3711AppendixB2Keystream() {
        byte[] key = HEX.parseHex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] salt = HEX.parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        var ctx = SrtpContext.fromSessionKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, key, new byte[20], salt);
        byte[] pkt = new byte[12 + 48 + SrtpContext.MAX_OVERHEAD];
        pkt[0] = (byte) 0x80; // seq 0, SSRC 0, payload zeros: the ciphertext is the keystream
        int n = ctx.protectRtp(pkt, 0, 60);
        assertEquals(70, n);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0",
                HEX.formatHex(Arrays.copyOfRange(pkt, 12, 60)));
    }

    static final byte[] GCM_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    static final byte[] GCM_SALT = HEX.parseHex("517569642070726f2071756f");
    static final byte[] RTP = HEX.parseHex("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
    static final byte[] SRTP_GCM = HEX.parseHex("8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");
    static final byte[] RTCP = HEX.parseHex("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
    static final byte[] SRTCP_GCM = HEX.parseHex("81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4");
    static final byte[] SRTCP_GCM_TAG_ONLY = HEX.parseHex("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef841dd9683dd78ec92ae58790125f62b3000005d4");

    private static SrtpContext gcm(boolean keyedOnce) {
        return SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, new byte[0], GCM_SALT, keyedOnce);
    }

    @Test
    void gcmIsKeyedOnceWhenTheJdkGhashIsOpened() {
        // The test JVM opens java.base/com.sun.crypto.provider as the appliance jar does, so the
        // vectors below exercise AesGcm as well as the JDK's cipher.
        assertTrue(SrtpContext.fastGcmAvailable(), "--add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED missing");
    }

    @ParameterizedTest(name = "keyed once: {0}")
    @ValueSource(booleans = {true, false})
    void matchesRfc7714Section16_1SrtpEncryption(boolean keyedOnce) {
        byte[] buf = Arrays.copyOf(RTP, RTP.length + SrtpContext.MAX_OVERHEAD);
        int n = gcm(keyedOnce).protectRtp(buf, 0, RTP.length);
        assertArrayEquals(SRTP_GCM, Arrays.copyOf(buf, n));
        byte[] in = SRTP_GCM.clone();
        int m = gcm(keyedOnce).unprotectRtp(in, 0, in.length);
        assertArrayEquals(RTP, Arrays.copyOf(in, m));
        byte[] bad = SRTP_GCM.clone();
        bad[bad.length - 1] ^= 1;
        assertEquals(SrtpError.AUTH_FAILED, gcm(keyedOnce).unprotectRtp(bad, 0, bad.length));
        bad = SRTP_GCM.clone();
        bad[5] ^= 1; // the header is authenticated data
        assertEquals(SrtpError.AUTH_FAILED, gcm(keyedOnce).unprotectRtp(bad, 0, bad.length));
    }

    @ParameterizedTest(name = "keyed once: {0}")
    @ValueSource(booleans = {true, false})
    void matchesRfc7714Section17SrtcpVectors(boolean keyedOnce) {
        byte[] in = SRTCP_GCM.clone();
        int m = gcm(keyedOnce).unprotectRtcp(in, 0, in.length);
        assertArrayEquals(RTCP, Arrays.copyOf(in, m));

        var sender = gcm(keyedOnce);
        byte[] buf = new byte[RTCP.length + SrtpContext.MAX_OVERHEAD];
        for (int i = 0; i <= 0x5d4; i++) {
            System.arraycopy(RTCP, 0, buf, 0, RTCP.length);
            int n = sender.protectRtcp(buf, 0, RTCP.length);
            if (i == 0x5d4) {
                assertArrayEquals(SRTCP_GCM, Arrays.copyOf(buf, n));
            }
        }
        byte[] tagOnly = SRTCP_GCM_TAG_ONLY.clone();
        int t = gcm(keyedOnce).unprotectRtcp(tagOnly, 0, tagOnly.length);
        assertArrayEquals(RTCP, Arrays.copyOf(tagOnly, t));
        tagOnly = SRTCP_GCM_TAG_ONLY.clone();
        tagOnly[9] ^= 1;
        assertEquals(SrtpError.AUTH_FAILED, gcm(keyedOnce).unprotectRtcp(tagOnly, 0, tagOnly.length));
    }

    @Test
    void keyedOnceGcmAndTheJdkCipherInteroperateAtEverySize() {
        var rnd = new Random(11);
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        rnd.nextBytes(key);
        rnd.nextBytes(salt);
        var fastTx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, true);
        var jdkRx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, false);
        var jdkTx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, false);
        var fastRx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, true);
        int seq = 65000; // crosses the rollover counter
        for (int payload = 0; payload <= 1300; payload++, seq = (seq + 1) & 0xffff) {
            byte[] p = rtp(seq, 0x0badcafe, payload, rnd);
            if (payload % 3 == 0) { // a one-byte header extension, as browsers send: the AAD is not a whole block
                p = withExtension(p, payload, 1 + payload % 5);
            }
            int plainLen = p.length - SrtpContext.MAX_OVERHEAD;
            byte[] plain = Arrays.copyOf(p, plainLen);
            byte[] q = p.clone();
            int n = fastTx.protectRtp(p, 0, plainLen);
            int nJdk = jdkTx.protectRtp(q, 0, plainLen);
            assertArrayEquals(Arrays.copyOf(q, nJdk), Arrays.copyOf(p, n), "payload " + payload);
            assertEquals(plainLen, jdkRx.unprotectRtp(p, 0, n));
            assertArrayEquals(plain, Arrays.copyOf(p, plainLen));
            assertEquals(plainLen, fastRx.unprotectRtp(q, 0, nJdk));
            assertArrayEquals(plain, Arrays.copyOf(q, plainLen));

            byte[] rtcp = new byte[8 + 4 * (payload % 40) + SrtpContext.MAX_OVERHEAD];
            rnd.nextBytes(rtcp);
            rtcp[0] = (byte) 0x81;
            int rtcpLen = rtcp.length - SrtpContext.MAX_OVERHEAD;
            byte[] rtcpPlain = Arrays.copyOf(rtcp, rtcpLen);
            int r = fastTx.protectRtcp(rtcp, 0, rtcpLen);
            assertEquals(rtcpLen, jdkRx.unprotectRtcp(rtcp, 0, r));
            assertArrayEquals(rtcpPlain, Arrays.copyOf(rtcp, rtcpLen));
            r = jdkTx.protectRtcp(rtcp, 0, rtcpLen);
            assertEquals(rtcpLen, fastRx.unprotectRtcp(rtcp, 0, r));
            assertArrayEquals(rtcpPlain, Arrays.copyOf(rtcp, rtcpLen));
        }
    }

    /** {@code p} (12-byte header, {@code payload} bytes) with a header extension of {@code words} words inserted. */
    private static byte[] withExtension(byte[] p, int payload, int words) {
        byte[] q = new byte[p.length + 4 + 4 * words];
        System.arraycopy(p, 0, q, 0, 12);
        q[0] |= 0x10;
        q[12] = (byte) 0xbe;
        q[13] = (byte) 0xde;
        q[15] = (byte) words;
        for (int i = 0; i < 4 * words; i++) {
            q[16 + i] = (byte) (i * 7 + 1);
        }
        System.arraycopy(p, 12, q, 16 + 4 * words, payload);
        return q;
    }

    private static byte[] rtp(int seq, int ssrc, int payload, Random rnd) {
        byte[] p = new byte[12 + payload + SrtpContext.MAX_OVERHEAD];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        SrtpContext.writeInt(p, 8, ssrc);
        for (int i = 12; i < 12 + payload; i++) {
            p[i] = (byte) rnd.nextInt();
        }
        return p;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void roundTripsAcrossSequenceWrapAndRejectsReplays(SrtpProfile profile) {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        var rnd = new Random(7);
        rnd.nextBytes(key);
        rnd.nextBytes(salt);
        var tx = new SrtpContext(profile, key, salt);
        var rx = new SrtpContext(profile, key, salt);
        int seq = 65500;
        for (int i = 0; i < 200; i++, seq = (seq + 1) & 0xffff) {
            byte[] p = rtp(seq, 0x11223344, 1200, rnd);
            byte[] plain = Arrays.copyOf(p, 12 + 1200);
            int n = tx.protectRtp(p, 0, 12 + 1200);
            assertEquals(12 + 1200 + profile.tagLength(), n);
            byte[] copy = Arrays.copyOf(p, n);
            int m = rx.unprotectRtp(p, 0, n);
            assertEquals(12 + 1200, m, "packet " + i + " across the wrap (ROC)");
            assertArrayEquals(plain, Arrays.copyOf(p, m));
            if (i == 100) {
                assertEquals(SrtpError.REPLAYED, rx.unprotectRtp(copy, 0, copy.length));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rejectsTamperedPacketsAndRtcp(SrtpProfile profile) {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        var tx = new SrtpContext(profile, key, salt);
        var rx = new SrtpContext(profile, key, salt);
        byte[] p = rtp(1, 5, 100, new Random(1));
        int n = tx.protectRtp(p, 0, 112);
        p[20] ^= 1;
        assertEquals(SrtpError.AUTH_FAILED, rx.unprotectRtp(p, 0, n));

        byte[] r = Arrays.copyOf(RTCP, RTCP.length + SrtpContext.MAX_OVERHEAD);
        int rn = tx.protectRtcp(r, 0, RTCP.length);
        byte[] copy = Arrays.copyOf(r, rn);
        assertEquals(RTCP.length, rx.unprotectRtcp(r, 0, rn));
        assertArrayEquals(RTCP, Arrays.copyOf(r, RTCP.length));
        assertEquals(SrtpError.REPLAYED, rx.unprotectRtcp(copy, 0, copy.length));
        copy[10] ^= 1;
        assertEquals(SrtpError.AUTH_FAILED, new SrtpContext(profile, key, salt).unprotectRtcp(copy, 0, copy.length));
    }

    @Test
    void acceptsReorderedPacketsWithinTheWindow() {
        var tx = new SrtpContext(SrtpProfile.AES128_CM_HMAC_SHA1_80, new byte[16], new byte[14]);
        var rx = new SrtpContext(SrtpProfile.AES128_CM_HMAC_SHA1_80, new byte[16], new byte[14]);
        byte[][] pk = new byte[10][];
        int[] len = new int[10];
        for (int i = 0; i < 10; i++) {
            pk[i] = rtp(i, 9, 50, new Random(i));
            len[i] = tx.protectRtp(pk[i], 0, 62);
        }
        for (int i : new int[] {0, 2, 1, 5, 3, 4, 9, 8, 7, 6}) {
            assertTrue(rx.unprotectRtp(pk[i], 0, len[i]) > 0, "packet " + i);
        }
    }

    @Test
    void fuzzedPacketsNeverThrow() {
        var rnd = new Random(3);
        for (SrtpProfile p : SrtpProfile.values()) {
            var rx = new SrtpContext(p, new byte[16], new byte[14]);
            for (int i = 0; i < 20_000; i++) {
                byte[] b = new byte[rnd.nextInt(300)];
                rnd.nextBytes(b);
                if (b.length > 0 && rnd.nextBoolean()) {
                    b[0] = (byte) (0x80 | (b[0] & 0x3f));
                }
                assertTrue(rx.unprotectRtp(b, 0, b.length) < 0);
                assertTrue(rx.unprotectRtcp(b, 0, b.length) < 0);
            }
        }
    }
}
