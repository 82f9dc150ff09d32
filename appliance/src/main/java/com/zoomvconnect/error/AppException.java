package com.zoomvconnect.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure with a stable {@link ErrorCode} and a human message, raised by domain services and
 * translated once into the API's error shape. Never carries a stack trace to users.
 */
public class AppException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final transient Duration retryAfter;

    public AppException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public AppException(ErrorCode errorCode, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** For {@link ErrorCode#RATE_LIMITED}: how long the client should wait. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static AppException notFound(String what) {
        return new AppException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static AppException forbidden(String message) {
        return new AppException(ErrorCode.FORBIDDEN, message);
    }

    public static AppException invalidField(String field, String reason) {
        return new AppException(ErrorCode.INVALID_FIELD, "Field '" + field + "' " + reason);
    }
}
