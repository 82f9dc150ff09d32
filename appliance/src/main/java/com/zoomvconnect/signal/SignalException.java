package com.zoomvconnect.signal;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;

/** A signaling request that is refused; its {@link ErrorCode} goes to the client in an error message. */
public class SignalException extends AppException {
    private static final long serialVersionUID = 1L;

    public SignalException(ErrorCode code, String message) {
        super(code, message);
    }
}
