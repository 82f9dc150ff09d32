package com.zoomvconnect.meeting;

import java.time.Instant;

/** A chat message; {@code to} is null for everyone, or the one recipient of a private message. */
public record ChatMessage(String id, String from, String fromName, String to, String text, Instant at) {
    public boolean isPrivate() {
        return to != null;
    }
}
