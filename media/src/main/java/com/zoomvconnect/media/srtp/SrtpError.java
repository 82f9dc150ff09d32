package com.zoomvconnect.media.srtp;

/** Negative results of {@link SrtpContext} operations: why a packet was dropped. */
public final class SrtpError {
    /** Too short, not RTP version 2, or a header that overruns the packet. */
    public static final int MALFORMED = -1;
    /** The authentication tag does not match (tampered, wrong key, or not for us). */
    public static final int AUTH_FAILED = -2;
    /** Already received (RFC 3711 §3.3.2 replay protection). */
    public static final int REPLAYED = -3;
    /** The JCE refused the operation. */
    public static final int CRYPTO = -4;

    private SrtpError() {
    }

    public static String name(int code) {
        return switch (code) {
            case MALFORMED -> "malformed";
            case AUTH_FAILED -> "auth_failed";
            case REPLAYED -> "replayed";
            case CRYPTO -> "crypto";
            default -> code >= 0 ? "ok" : "unknown";
        };
    }
}
