package com.zoomvconnect.signal;

/** A signaling request that is refused; {@code code} goes to the client in an error message. */
public class SignalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public SignalException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
