package com.zoomvconnect.media.stun;

/** STUN constants (RFC 8489) and the ICE attributes (RFC 8445 §16.1). */
public final class Stun {
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** RFC 8489 §14.7: CRC-32 of the message XOR this value. */
    public static final int FINGERPRINT_XOR = 0x5354554e;

    private Stun() {
    }

    /** Cheap check before parsing: first two bits zero, length multiple of 4, magic cookie (RFC 8489 §5). */
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH || (b[off] & 0xC0) != 0) {
            return false;
        }
        int msgLen = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        return (msgLen & 3) == 0 && msgLen + HEADER_LENGTH <= len && readInt(b, off + 4) == MAGIC_COOKIE;
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    static int readShort(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
