package com.zoomvconnect.media.srtp;

/** The SRTP protection profiles negotiated by DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2). */
public enum SrtpProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80: AES counter mode, 80-bit HMAC-SHA1 tag (RFC 3711). */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** SRTP_AEAD_AES_128_GCM: AES-GCM with a 128-bit tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The DTLS use_srtp protection profile identifier. */
    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Bytes the authentication tag adds to every SRTP packet. */
    public int tagLength() {
        return tagLength;
    }

    public boolean isAead() {
        return this == AEAD_AES_128_GCM;
    }

    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        throw new IllegalArgumentException("unsupported SRTP profile 0x" + Integer.toHexString(id));
    }
}
