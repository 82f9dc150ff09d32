package com.zoomvconnect.media.stun;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds STUN messages: header, attributes with padding, then MESSAGE-INTEGRITY and FINGERPRINT. */
public final class StunWriter {
    private byte[] buf = new byte[256];
    private int len;

    public StunWriter(int type, byte[] transactionId) {
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("transaction id must be 12 bytes");
        }
        putShort(0, type);
        putInt(4, Stun.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, buf, 8, 12);
        len = Stun.HEADER_LENGTH;
        updateLength();
    }

    public StunWriter attribute(int type, byte[] value) {
        ensure(4 + value.length + 3);
        putShort(len, type);
        putShort(len + 2, value.length);
        System.arraycopy(value, 0, buf, len + 4, value.length);
        int padded = (value.length + 3) & ~3;
        Arrays.fill(buf, len + 4 + value.length, len + 4 + padded, (byte) 0);
        len += 4 + padded;
        updateLength();
        return this;
    }

    public StunWriter username(String username) {
        return attribute(Stun.USERNAME, username.getBytes(StandardCharsets.UTF_8));
    }

    public StunWriter software(String software) {
        return attribute(Stun.SOFTWARE, software.getBytes(StandardCharsets.UTF_8));
    }

    public StunWriter priority(long priority) {
        return attribute(Stun.PRIORITY, new byte[] {(byte) (priority >>> 24), (byte) (priority >>> 16),
                (byte) (priority >>> 8), (byte) priority});
    }

    public StunWriter flag(int type) {
        return attribute(type, new byte[0]);
    }

    public StunWriter tieBreaker(int type, long value) {
        byte[] v = new byte[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (value >>> (56 - 8 * i));
        }
        return attribute(type, v);
    }

    /** ERROR-CODE with a reason phrase (RFC 8489 §14.8). */
    public StunWriter errorCode(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[4 + r.length];
        v[2] = (byte) (code / 100);
        v[3] = (byte) (code % 100);
        System.arraycopy(r, 0, v, 4, r.length);
        return attribute(Stun.ERROR_CODE, v);
    }

    /** XOR-MAPPED-ADDRESS of {@code address} (RFC 8489 §14.2). */
    public StunWriter xorMappedAddress(InetSocketAddress address) {
        return xorAddress(Stun.XOR_MAPPED_ADDRESS, address);
    }

    /** A 32-bit attribute: LIFETIME, REQUESTED-TRANSPORT (protocol in the first byte), ... */
    public StunWriter int32(int type, int value) {
        return attribute(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    public StunWriter realm(String realm) {
        return attribute(Stun.REALM, realm.getBytes(StandardCharsets.UTF_8));
    }

    public StunWriter nonce(String nonce) {
        return attribute(Stun.NONCE, nonce.getBytes(StandardCharsets.UTF_8));
    }

    /** UNKNOWN-ATTRIBUTES listing the types a 420 refuses (RFC 8489 §14.9). */
    public StunWriter unknownAttributes(int... types) {
        byte[] v = new byte[2 * types.length];
        for (int i = 0; i < types.length; i++) {
            v[2 * i] = (byte) (types[i] >>> 8);
            v[2 * i + 1] = (byte) types[i];
        }
        return attribute(Stun.UNKNOWN_ATTRIBUTES, v);
    }

    /** Any XOR address attribute: XOR-MAPPED-, XOR-PEER-, XOR-RELAYED-ADDRESS (RFC 8489 §14.2, RFC 8656 §18.3, §18.5). */
    public StunWriter xorAddress(int type, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] v = new byte[4 + ip.length];
        v[1] = (byte) (address.getAddress() instanceof Inet4Address ? 1 : 2);
        int port = address.getPort() ^ (Stun.MAGIC_COOKIE >>> 16);
        v[2] = (byte) (port >>> 8);
        v[3] = (byte) port;
        for (int i = 0; i < ip.length; i++) {
            byte mask = i < 4 ? (byte) (Stun.MAGIC_COOKIE >>> (24 - 8 * i)) : buf[8 + i - 4];
            v[4 + i] = (byte) (ip[i] ^ mask);
        }
        return attribute(type, v);
    }

    /** MESSAGE-INTEGRITY with the short-term key (RFC 8489 §14.5); call before {@link #fingerprint()}. */
    public StunWriter messageIntegrity(byte[] key) {
        ensure(24);
        int start = len;
        // Length must include the MESSAGE-INTEGRITY attribute itself while hashing.
        putShort(2, start + 24 - Stun.HEADER_LENGTH);
        byte[] mac = hmacSha1(key, buf, 0, start);
        putShort(len, Stun.MESSAGE_INTEGRITY);
        putShort(len + 2, 20);
        System.arraycopy(mac, 0, buf, len + 4, 20);
        len += 24;
        updateLength();
        return this;
    }

    /** FINGERPRINT (RFC 8489 §14.7); must be last. */
    public StunWriter fingerprint() {
        ensure(8);
        putShort(2, len + 8 - Stun.HEADER_LENGTH);
        var crc = new CRC32();
        crc.update(buf, 0, len);
        putShort(len, Stun.FINGERPRINT);
        putShort(len + 2, 4);
        putInt(len + 4, (int) crc.getValue() ^ Stun.FINGERPRINT_XOR);
        len += 8;
        updateLength();
        return this;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    private void updateLength() {
        putShort(2, len - Stun.HEADER_LENGTH);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void putShort(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    private void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /**
     * One HMAC-SHA1 instance per thread (the media workers answer every consent check): looking
     * the algorithm up in the providers was most of a check's cost. Initialised anew per use.
     */
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    });

    /** HMAC-SHA1, the MAC of MESSAGE-INTEGRITY and of TURN REST passwords. */
    public static byte[] hmacSha1(byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = HMAC_SHA1.get();
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
