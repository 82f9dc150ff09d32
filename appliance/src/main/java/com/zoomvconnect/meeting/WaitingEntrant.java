package com.zoomvconnect.meeting;

import java.time.Instant;

/** Someone in the waiting room, as hosts see them. */
public record WaitingEntrant(String id, String displayName, boolean guest, Instant since) {
}
