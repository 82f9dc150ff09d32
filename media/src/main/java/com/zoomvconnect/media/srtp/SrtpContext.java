package com.zoomvconnect.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an SRTP session (RFC 3711, RFC 7714): protects what we send, or unprotects
 * what we receive, for every SSRC of that direction. Packets are transformed in place in the
 * caller's buffer; protecting needs {@link #MAX_OVERHEAD} spare bytes after the packet.
 * Failures are returned as negative codes (see {@link SrtpError}) for drop counters; nothing is
 * thrown on the packet path. Not thread-safe: one thread at a time per context.
 */
public final class SrtpContext {
    /** The most bytes protecting adds (SRTCP with GCM: 16-byte tag + 4-byte index). */
    public static final int MAX_OVERHEAD = 20;

    private final SrtpProfile profile;
    private final Keys rtp;
    private final Keys rtcp;
    private final StreamTable streams = new StreamTable();
    private final byte[] iv16 = new byte[16];
    private final byte[] rocBytes = new byte[4];
    private final byte[] tag = new byte[20];
    private final byte[] aadTail = new byte[4];
    private final byte[] iv12 = new byte[12];
    private final byte[] rtcpAad = new byte[12];

    /** Session keys of RTP or RTCP and the reusable primitives keyed with them. */
    private static final class Keys {
        final byte[] salt;
        final AesCounterMode ctr;
        final Mac mac;
        /** GCM keyed once ({@link AesGcm}), or null where the JDK's GHASH is out of reach. */
        final AesGcm aead;
        /** Otherwise the JDK's GCM cipher, initialised per packet. */
        final Cipher gcm;
        final SecretKeySpec gcmKey;

        Keys(SrtpProfile p, byte[] encKey, byte[] authKey, byte[] salt, boolean fastGcm) throws GeneralSecurityException {
            this.salt = salt;
            if (p.isAead()) {
                ctr = null;
                mac = null;
                aead = fastGcm ? new AesGcm(encKey) : null;
                gcm = fastGcm ? null : Cipher.getInstance("AES/GCM/NoPadding");
                gcmKey = new SecretKeySpec(encKey, "AES");
            } else {
                ctr = new AesCounterMode(encKey);
                mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
                aead = null;
                gcm = null;
                gcmKey = null;
            }
        }
    }

    /** A context from the master key and salt exported by DTLS-SRTP. */
    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile,
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, profile.keyLength()),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, 20),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, profile.saltLength()),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, profile.keyLength()),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTH, 20),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, profile.saltLength()),
                AesGcm.available());
    }

    /** A context from already derived session keys (test vectors are given this way). */
    public static SrtpContext fromSessionKeys(SrtpProfile profile, byte[] key, byte[] authKey, byte[] salt) {
        return fromSessionKeys(profile, key, authKey, salt, AesGcm.available());
    }

    /** As above, choosing between {@link AesGcm} and the JDK's GCM cipher (tests and the benchmark compare the two). */
    public static SrtpContext fromSessionKeys(SrtpProfile profile, byte[] key, byte[] authKey, byte[] salt, boolean fastGcm) {
        return new SrtpContext(profile, key, authKey, salt, key, authKey, salt, fastGcm);
    }

    private SrtpContext(SrtpProfile profile, byte[] rtpKey, byte[] rtpAuth, byte[] rtpSalt,
                        byte[] rtcpKey, byte[] rtcpAuth, byte[] rtcpSalt, boolean fastGcm) {
        this.profile = profile;
        try {
            this.rtp = new Keys(profile, rtpKey, rtpAuth, rtpSalt, fastGcm);
            this.rtcp = new Keys(profile, rtcpKey, rtcpAuth, rtcpSalt, fastGcm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks AES/HMAC", e);
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Whether AEAD contexts use {@link AesGcm} (keyed once) rather than re-initialising the JDK's
     * GCM cipher per packet: true when {@code java.base/com.sun.crypto.provider} is opened.
     */
    public static boolean fastGcmAvailable() {
        return AesGcm.available();
    }

    /** Encrypts and authenticates an RTP packet in place; returns the new length or a negative {@link SrtpError}. */
    public int protectRtp(byte[] buf, int off, int len) {
        int hdr = rtpHeaderLength(buf, off, len);
        if (hdr < 0) {
            return SrtpError.MALFORMED;
        }
        int seq = u16(buf, off + 2);
        int ssrc = i32(buf, off + 8);
        SrtpStream s = streams.get(ssrc);
        long index = s.sendIndex(seq);
        try {
            if (profile.isAead()) {
                byte[] iv = gcmRtpIv(ssrc, index);
                if (rtp.aead != null) {
                    return hdr + rtp.aead.seal(iv, buf, off, hdr, buf, off + hdr, len - hdr);
                }
                Cipher c = rtp.gcm;
                c.init(Cipher.ENCRYPT_MODE, rtp.gcmKey, new GCMParameterSpec(128, iv));
                c.updateAAD(buf, off, hdr);
                return hdr + c.doFinal(buf, off + hdr, len - hdr, buf, off + hdr);
            }
            rtp.ctr.apply(cmIv(rtp.salt, ssrc, index), buf, off + hdr, len - hdr);
            writeInt(rocBytes, 0, (int) (index >>> 16));
            rtp.mac.update(buf, off, len);
            rtp.mac.update(rocBytes, 0, 4);
            rtp.mac.doFinal(tag, 0);
            System.arraycopy(tag, 0, buf, off + len, 10);
            return len + 10;
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO;
        }
    }

    /** Authenticates and decrypts an SRTP packet in place; returns the RTP length or a negative {@link SrtpError}. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        int tagLen = profile.tagLength();
        int hdr = rtpHeaderLength(buf, off, len - tagLen);
        if (hdr < 0) {
            return SrtpError.MALFORMED;
        }
        int seq = u16(buf, off + 2);
        int ssrc = i32(buf, off + 8);
        SrtpStream s = streams.get(ssrc);
        long index = s.estimateIndex(seq);
        if (SrtpStream.replayed(index, s.replayTop, s.replayMask)) {
            return SrtpError.REPLAYED;
        }
        int plainLen;
        try {
            if (profile.isAead()) {
                byte[] iv = gcmRtpIv(ssrc, index);
                if (rtp.aead != null) {
                    int n = rtp.aead.open(iv, buf, off, hdr, buf, off + hdr, len - hdr);
                    if (n < 0) {
                        return SrtpError.AUTH_FAILED;
                    }
                    plainLen = hdr + n;
                } else {
                    Cipher c = rtp.gcm;
                    c.init(Cipher.DECRYPT_MODE, rtp.gcmKey, new GCMParameterSpec(128, iv));
                    c.updateAAD(buf, off, hdr);
                    plainLen = hdr + c.doFinal(buf, off + hdr, len - hdr, buf, off + hdr);
                }
            } else {
                int authLen = len - 10;
                writeInt(rocBytes, 0, (int) (index >>> 16));
                rtp.mac.update(buf, off, authLen);
                rtp.mac.update(rocBytes, 0, 4);
                rtp.mac.doFinal(tag, 0);
                if (!equal(tag, buf, off + authLen, 10)) {
                    return SrtpError.AUTH_FAILED;
                }
                rtp.ctr.apply(cmIv(rtp.salt, ssrc, index), buf, off + hdr, authLen - hdr);
                plainLen = authLen;
            }
        } catch (AEADBadTagException e) {
            return SrtpError.AUTH_FAILED;
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            return SrtpError.CRYPTO;
        }
        s.acceptIndex(index);
        s.markSrtp(index);
        return plainLen;
    }

    /** Encrypts and authenticates an RTCP compound packet in place (RFC 3711 §3.4). */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (len < 8) {
            return SrtpError.MALFORMED;
        }
        int ssrc = i32(buf, off + 4);
        SrtpStream s = streams.get(ssrc);
        int index = s.rtcpSendIndex;
        s.rtcpSendIndex = (index + 1) & 0x7fffffff;
        int eIndex = 0x80000000 | index;
        try {
            if (profile.isAead()) {
                writeInt(aadTail, 0, eIndex);
                byte[] iv = gcmRtcpIv(ssrc, index);
                if (rtcp.aead != null) {
                    System.arraycopy(buf, off, rtcpAad, 0, 8);
                    System.arraycopy(aadTail, 0, rtcpAad, 8, 4);
                    int n = 8 + rtcp.aead.seal(iv, rtcpAad, 0, 12, buf, off + 8, len - 8);
                    writeInt(buf, off + n, eIndex);
                    return n + 4;
                }
                Cipher c = rtcp.gcm;
                c.init(Cipher.ENCRYPT_MODE, rtcp.gcmKey, new GCMParameterSpec(128, iv));
                c.updateAAD(buf, off, 8);
                c.updateAAD(aadTail, 0, 4);
                int n = 8 + c.doFinal(buf, off + 8, len - 8, buf, off + 8);
                writeInt(buf, off + n, eIndex);
                return n + 4;
            }
            rtcp.ctr.apply(cmIv(rtcp.salt, ssrc, index), buf, off + 8, len - 8);
            writeInt(buf, off + len, eIndex);
            rtcp.mac.update(buf, off, len + 4);
            rtcp.mac.doFinal(tag, 0);
            System.arraycopy(tag, 0, buf, off + len + 4, 10);
            return len + 14;
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO;
        }
    }

    /** Authenticates and decrypts an SRTCP packet in place; returns the RTCP length or a negative {@link SrtpError}. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        int tagLen = profile.tagLength();
        if (len < 8 + 4 + tagLen) {
            return SrtpError.MALFORMED;
        }
        int ssrc = i32(buf, off + 4);
        SrtpStream s = streams.get(ssrc);
        try {
            if (profile.isAead()) {
                int eIndex = i32(buf, off + len - 4);
                boolean encrypted = eIndex < 0;
                int index = eIndex & 0x7fffffff;
                if (SrtpStream.replayed(index, s.rtcpReplayTop, s.rtcpReplayMask)) {
                    return SrtpError.REPLAYED;
                }
                writeInt(aadTail, 0, eIndex);
                byte[] iv = gcmRtcpIv(ssrc, index);
                int body = len - 4; // ciphertext (or plaintext) + tag
                int plain;
                if (rtcp.aead != null) {
                    int n;
                    if (encrypted) {
                        System.arraycopy(buf, off, rtcpAad, 0, 8);
                        System.arraycopy(aadTail, 0, rtcpAad, 8, 4);
                        n = rtcp.aead.open(iv, rtcpAad, 0, 12, buf, off + 8, body - 8);
                        plain = 8 + n;
                    } else {
                        // RFC 7714 §9.2: unencrypted SRTCP authenticates the whole packet as AAD.
                        byte[] aad = new byte[body - tagLen + 4]; // rare: browsers encrypt SRTCP
                        System.arraycopy(buf, off, aad, 0, body - tagLen);
                        System.arraycopy(aadTail, 0, aad, body - tagLen, 4);
                        n = rtcp.aead.open(iv, aad, 0, aad.length, buf, off + body - tagLen, tagLen);
                        plain = body - tagLen;
                    }
                    if (n < 0) {
                        return SrtpError.AUTH_FAILED;
                    }
                    s.markSrtcp(index);
                    return plain;
                }
                Cipher c = rtcp.gcm;
                c.init(Cipher.DECRYPT_MODE, rtcp.gcmKey, new GCMParameterSpec(128, iv));
                if (encrypted) {
                    c.updateAAD(buf, off, 8);
                    c.updateAAD(aadTail, 0, 4);
                    plain = 8 + c.doFinal(buf, off + 8, body - 8, buf, off + 8);
                } else {
                    // RFC 7714 §9.2: unencrypted SRTCP authenticates the whole packet as AAD.
                    c.updateAAD(buf, off, body - tagLen);
                    c.updateAAD(aadTail, 0, 4);
                    c.doFinal(buf, off + body - tagLen, tagLen, tag, 0);
                    plain = body - tagLen;
                }
                s.markSrtcp(index);
                return plain;
            }
            int authLen = len - 10;
            rtcp.mac.update(buf, off, authLen);
            rtcp.mac.doFinal(tag, 0);
            if (!equal(tag, buf, off + authLen, 10)) {
                return SrtpError.AUTH_FAILED;
            }
            int eIndex = i32(buf, off + authLen - 4);
            int index = eIndex & 0x7fffffff;
            if (SrtpStream.replayed(index, s.rtcpReplayTop, s.rtcpReplayMask)) {
                return SrtpError.REPLAYED;
            }
            int plain = authLen - 4;
            if (eIndex < 0) {
                rtcp.ctr.apply(cmIv(rtcp.salt, ssrc, index), buf, off + 8, plain - 8);
            }
            s.markSrtcp(index);
            return plain;
        } catch (AEADBadTagException e) {
            return SrtpError.AUTH_FAILED;
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            return SrtpError.CRYPTO;
        }
    }

    /** RFC 3711 §4.1.1: IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16). */
    private byte[] cmIv(byte[] salt, int ssrc, long index) {
        byte[] iv = iv16;
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        return iv;
    }

    /** RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt. */
    private byte[] gcmRtpIv(int ssrc, long index) {
        byte[] iv = iv12;
        iv[0] = 0;
        iv[1] = 0;
        writeInt(iv, 2, ssrc);
        writeInt(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (index >>> 8);
        iv[11] = (byte) index;
        for (int i = 0; i < 12; i++) {
            iv[i] ^= rtp.salt[i];
        }
        return iv;
    }

    /** RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt. */
    private byte[] gcmRtcpIv(int ssrc, int index) {
        byte[] iv = iv12;
        iv[0] = 0;
        iv[1] = 0;
        writeInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        writeInt(iv, 8, index);
        for (int i = 0; i < 12; i++) {
            iv[i] ^= rtcp.salt[i];
        }
        return iv;
    }

    /** Length of the RTP header (fixed part, CSRCs, extension), or -1 if {@code len} cannot hold it. */
    static int rtpHeaderLength(byte[] b, int off, int len) {
        if (len < 12 || (b[off] & 0xC0) != 0x80) {
            return -1;
        }
        int h = 12 + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (len < h + 4) {
                return -1;
            }
            h += 4 + 4 * u16(b, off + h + 2);
        }
        return h <= len ? h : -1;
    }

    private static boolean equal(byte[] expected, byte[] buf, int at, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= expected[i] ^ buf[at + i];
        }
        return diff == 0;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static int i32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

}
