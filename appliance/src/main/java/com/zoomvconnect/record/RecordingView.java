package com.zoomvconnect.record;

import java.time.Instant;

/** A recording as the API shows it. */
public record RecordingView(String id, String meetingId, String meetingTitle, String status, Instant startedAt,
                            Instant endedAt, Integer durationSeconds, long sizeBytes) {
}
