package com.zoomvconnect.store;

import java.time.Instant;

/** A recording of a meeting; the media files live under the data dir at {@code storagePath}. */
public record RecordingRecord(String id, String meetingId, String status, Instant startedAt, Instant endedAt,
                              Integer durationSeconds, long sizeBytes, String storagePath, Instant createdAt) {
}
