package com.zoomvconnect.media.stun;

/** Bytes that are not a well-formed STUN message. The only exception the codec throws. */
public final class StunException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunException(String message) {
        super(message, null, false, false);
    }
}
