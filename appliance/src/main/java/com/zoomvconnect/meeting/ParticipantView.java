package com.zoomvconnect.meeting;

import java.time.Instant;
import java.util.List;

/** A participant of a live meeting as the others see them. */
public record ParticipantView(String id, String displayName, String role, boolean guest, Instant joinedAt,
                              List<TrackInfo> tracks) {
}
