package com.zoomvconnect.media.sdp;

/** An SDP that cannot be parsed or used; the message says which line and why. */
public final class SdpException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
