package com.zoomvconnect.meeting;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;

/** A room action that is not allowed; its {@link ErrorCode} is what the client is told. */
public final class ModerationException extends AppException {
    private static final long serialVersionUID = 1L;

    public ModerationException(ErrorCode code, String message) {
        super(code, message);
    }
}
