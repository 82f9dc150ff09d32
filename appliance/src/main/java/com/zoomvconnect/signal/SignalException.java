package com.zoomvconnect.signal;

import com.zoomvconnect.error.ErrorCode;

/** A signaling request that is refused; {@code code} goes to the client in an error message. */
public class SignalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public SignalException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public SignalException(ErrorCode code, String message) {
        this(code.code(), message);
    }

    public String code() {
        return code;
    }
}
