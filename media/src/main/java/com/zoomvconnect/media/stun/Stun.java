package com.zoomvconnect.media.stun;

/** STUN constants (RFC 8489), the ICE attributes (RFC 8445 §16.1) and TURN's (RFC 8656 §16, §18). */
public final class Stun {
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;

    // Message classes (RFC 8489 §5): the C1/C0 bits of the type.
    public static final int CLASS_REQUEST = 0x0000;
    public static final int CLASS_INDICATION = 0x0010;
    public static final int CLASS_SUCCESS = 0x0100;
    public static final int CLASS_ERROR = 0x0110;

    // TURN methods (RFC 8656 §17); a request's type is the method itself.
    public static final int ALLOCATE = 0x0003;
    public static final int REFRESH = 0x0004;
    public static final int SEND = 0x0006;
    public static final int DATA = 0x0007;
    public static final int CREATE_PERMISSION = 0x0008;
    public static final int CHANNEL_BIND = 0x0009;

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int CHANNEL_NUMBER = 0x000C;
    public static final int LIFETIME = 0x000D;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA_ATTR = 0x0013;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int EVEN_PORT = 0x0018;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int DONT_FRAGMENT = 0x001A;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int RESERVATION_TOKEN = 0x0022;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** RFC 8489 §14.7: CRC-32 of the message XOR this value. */
    public static final int FINGERPRINT_XOR = 0x5354554e;

    private Stun() {
    }

    /** The method bits of a message type, without the class bits (RFC 8489 §5). */
    public static int method(int type) {
        return type & ~0x0110 & 0x3FFF;
    }

    /** The class bits of a message type: one of the {@code CLASS_*} values. */
    public static int messageClass(int type) {
        return type & 0x0110;
    }

    /** Attributes below 0x8000 must be understood or the request refused with 420 (RFC 8489 §14). */
    public static boolean comprehensionRequired(int attrType) {
        return attrType < 0x8000;
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
