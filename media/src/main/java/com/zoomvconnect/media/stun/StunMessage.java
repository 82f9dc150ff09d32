package com.zoomvconnect.media.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A parsed STUN message (RFC 8489 §5, §14) over the bytes it came from. Parsing validates the
 * framing of every attribute; integrity and fingerprint are checked on request, since the key
 * depends on the USERNAME that parsing reveals.
 */
public final class StunMessage {
    private final byte[] data;
    private final int type;
    private final byte[] transactionId;
    private final List<StunAttribute> attributes;

    private StunMessage(byte[] data, int type, byte[] transactionId, List<StunAttribute> attributes) {
        this.data = data;
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = attributes;
    }

    /** Parses a copy of {@code len} bytes at {@code off}. */
    public static StunMessage parse(byte[] buf, int off, int len) throws StunException {
        if (len < Stun.HEADER_LENGTH) {
            throw new StunException("shorter than a STUN header");
        }
        if ((buf[off] & 0xC0) != 0) {
            throw new StunException("first two bits must be zero");
        }
        int msgLen = Stun.readShort(buf, off + 2);
        if ((msgLen & 3) != 0 || Stun.HEADER_LENGTH + msgLen > len) {
            throw new StunException("bad message length " + msgLen);
        }
        if (Stun.readInt(buf, off + 4) != Stun.MAGIC_COOKIE) {
            throw new StunException("no magic cookie");
        }
        int total = Stun.HEADER_LENGTH + msgLen;
        byte[] data = new byte[total];
        System.arraycopy(buf, off, data, 0, total);
        byte[] tid = new byte[12];
        System.arraycopy(data, 8, tid, 0, 12);
        List<StunAttribute> attrs = new ArrayList<>();
        int p = Stun.HEADER_LENGTH;
        while (p < total) {
            if (p + 4 > total) {
                throw new StunException("truncated attribute header");
            }
            int at = Stun.readShort(data, p);
            int al = Stun.readShort(data, p + 2);
            if (p + 4 + al > total) {
                throw new StunException("attribute 0x" + Integer.toHexString(at) + " overruns the message");
            }
            attrs.add(new StunAttribute(at, p + 4, al, p));
            p += 4 + ((al + 3) & ~3);
        }
        if (p != total) {
            throw new StunException("attribute padding overruns the message");
        }
        return new StunMessage(data, Stun.readShort(data, 0) & 0x3FFF, tid, Collections.unmodifiableList(attrs));
    }

    public int type() {
        return type;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public List<StunAttribute> attributes() {
        return attributes;
    }

    public Optional<StunAttribute> attribute(int attrType) {
        for (StunAttribute a : attributes) {
            if (a.type() == attrType) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public boolean has(int attrType) {
        return attribute(attrType).isPresent();
    }

    public Optional<String> username() {
        return attribute(Stun.USERNAME).map(a -> new String(data, a.valueOffset(), a.valueLength(), StandardCharsets.UTF_8));
    }

    public Optional<String> software() {
        return attribute(Stun.SOFTWARE).map(a -> new String(data, a.valueOffset(), a.valueLength(), StandardCharsets.UTF_8));
    }

    public Optional<Long> priority() {
        return attribute(Stun.PRIORITY).filter(a -> a.valueLength() == 4)
                .map(a -> Stun.readInt(data, a.valueOffset()) & 0xffffffffL);
    }

    /** The 64-bit tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED. */
    public Optional<Long> tieBreaker(int attrType) {
        return attribute(attrType).filter(a -> a.valueLength() == 8)
                .map(a -> ((long) Stun.readInt(data, a.valueOffset()) << 32) | (Stun.readInt(data, a.valueOffset() + 4) & 0xffffffffL));
    }

    /** ERROR-CODE as class*100+number (RFC 8489 §14.8). */
    public Optional<Integer> errorCode() {
        return attribute(Stun.ERROR_CODE).filter(a -> a.valueLength() >= 4)
                .map(a -> (data[a.valueOffset() + 2] & 0x7) * 100 + (data[a.valueOffset() + 3] & 0xff));
    }

    /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2), or MAPPED-ADDRESS if that is all there is. */
    public Optional<InetSocketAddress> mappedAddress() throws StunException {
        Optional<StunAttribute> xor = attribute(Stun.XOR_MAPPED_ADDRESS);
        if (xor.isPresent()) {
            return Optional.of(address(xor.get(), true));
        }
        Optional<StunAttribute> plain = attribute(Stun.MAPPED_ADDRESS);
        return plain.isPresent() ? Optional.of(address(plain.get(), false)) : Optional.empty();
    }

    public Optional<String> realm() {
        return attribute(Stun.REALM).map(a -> new String(data, a.valueOffset(), a.valueLength(), StandardCharsets.UTF_8));
    }

    public Optional<String> nonce() {
        return attribute(Stun.NONCE).map(a -> new String(data, a.valueOffset(), a.valueLength(), StandardCharsets.UTF_8));
    }

    /** LIFETIME in seconds (RFC 8656 §18.2). */
    public Optional<Long> lifetime() {
        return attribute(Stun.LIFETIME).filter(a -> a.valueLength() == 4)
                .map(a -> Stun.readInt(data, a.valueOffset()) & 0xffffffffL);
    }

    /** The protocol number of REQUESTED-TRANSPORT (RFC 8656 §18.7); empty if absent or malformed. */
    public Optional<Integer> requestedTransport() {
        return attribute(Stun.REQUESTED_TRANSPORT).filter(a -> a.valueLength() == 4)
                .map(a -> data[a.valueOffset()] & 0xff);
    }

    /** The family byte of REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.8): 1 IPv4, 2 IPv6. */
    public Optional<Integer> requestedAddressFamily() {
        return attribute(Stun.REQUESTED_ADDRESS_FAMILY).filter(a -> a.valueLength() == 4)
                .map(a -> data[a.valueOffset()] & 0xff);
    }

    /** CHANNEL-NUMBER (RFC 8656 §18.1); empty if absent or malformed. */
    public Optional<Integer> channelNumber() {
        return attribute(Stun.CHANNEL_NUMBER).filter(a -> a.valueLength() == 4)
                .map(a -> Stun.readShort(data, a.valueOffset()));
    }

    /** Every attribute of {@code attrType} decoded as an XOR address (CreatePermission carries several, RFC 8656 §9.1). */
    public List<InetSocketAddress> xorAddresses(int attrType) throws StunException {
        var out = new ArrayList<InetSocketAddress>(1);
        for (StunAttribute a : attributes) {
            if (a.type() == attrType) {
                out.add(address(a, true));
            }
        }
        return out;
    }

    /** The first attribute of {@code attrType} as an XOR address (XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS, ...). */
    public Optional<InetSocketAddress> xorAddress(int attrType) throws StunException {
        Optional<StunAttribute> a = attribute(attrType);
        return a.isPresent() ? Optional.of(address(a.get(), true)) : Optional.empty();
    }

    /** Copies an attribute's value into {@code dst} at {@code dstOff}; returns its length. */
    public int copyValue(StunAttribute a, byte[] dst, int dstOff) {
        System.arraycopy(data, a.valueOffset(), dst, dstOff, a.valueLength());
        return a.valueLength();
    }

    private InetSocketAddress address(StunAttribute a, boolean xor) throws StunException {
        int o = a.valueOffset();
        if (a.valueLength() < 8) {
            throw new StunException("address attribute too short");
        }
        int family = data[o + 1] & 0xff;
        int port = Stun.readShort(data, o + 2);
        int addrLen = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (addrLen < 0 || a.valueLength() < 4 + addrLen) {
            throw new StunException("bad address family " + family);
        }
        byte[] addr = new byte[addrLen];
        System.arraycopy(data, o + 4, addr, 0, addrLen);
        if (xor) {
            port ^= Stun.MAGIC_COOKIE >>> 16;
            for (int i = 0; i < addrLen; i++) {
                // Cookie then transaction id form the 16-byte XOR mask (RFC 8489 §14.2).
                addr[i] ^= i < 4 ? (byte) (Stun.MAGIC_COOKIE >>> (24 - 8 * i)) : transactionId[i - 4];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new StunException("bad address");
        }
    }

    /**
     * Checks MESSAGE-INTEGRITY (RFC 8489 §14.5) with the short-term credential {@code key}
     * (the ICE password). False when absent or wrong.
     */
    public boolean verifyIntegrity(byte[] key) {
        Optional<StunAttribute> mi = attribute(Stun.MESSAGE_INTEGRITY);
        if (mi.isEmpty() || mi.get().valueLength() != 20) {
            return false;
        }
        int miStart = mi.get().headerOffset();
        // The length field must cover up to and including MESSAGE-INTEGRITY.
        byte[] copy = new byte[miStart];
        System.arraycopy(data, 0, copy, 0, miStart);
        int adjusted = miStart + 24 - Stun.HEADER_LENGTH;
        copy[2] = (byte) (adjusted >>> 8);
        copy[3] = (byte) adjusted;
        byte[] expected = StunWriter.hmacSha1(key, copy, 0, copy.length);
        byte[] actual = new byte[20];
        System.arraycopy(data, mi.get().valueOffset(), actual, 0, 20);
        return java.security.MessageDigest.isEqual(expected, actual);
    }

    /** Checks FINGERPRINT (RFC 8489 §14.7); true when absent only if {@code required} is false. */
    public boolean verifyFingerprint(boolean required) {
        Optional<StunAttribute> fp = attribute(Stun.FINGERPRINT);
        if (fp.isEmpty()) {
            return !required;
        }
        StunAttribute a = fp.get();
        if (a.valueLength() != 4 || a.headerOffset() + 8 != data.length) {
            return false; // must be the last attribute
        }
        var crc = new CRC32();
        crc.update(data, 0, a.headerOffset());
        return ((int) crc.getValue() ^ Stun.FINGERPRINT_XOR) == Stun.readInt(data, a.valueOffset());
    }

    /** The raw bytes of the message. */
    public byte[] bytes() {
        return data.clone();
    }

}
