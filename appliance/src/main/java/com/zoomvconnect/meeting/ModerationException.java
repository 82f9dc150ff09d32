package com.zoomvconnect.meeting;

/** A room action that is not allowed; {@code code} is stable for clients. */
public final class ModerationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public ModerationException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
