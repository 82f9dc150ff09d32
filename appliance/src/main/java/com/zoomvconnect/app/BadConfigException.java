package com.zoomvconnect.app;

/** Configuration is missing or invalid; the message is one line an admin can act on. */
public class BadConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadConfigException(String message) {
        super(message);
    }
}
