package com.zoomvconnect.store;

import java.time.Instant;

/** One moderation action in a meeting's audit log. */
public record AuditRecord(String id, String meetingId, Instant at, String actorId, String actorName, String action,
                          String targetId, String targetName, String detail) {
}
