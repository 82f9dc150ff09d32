package com.zoomvconnect.meeting;

import java.time.Instant;

/**
 * Whether a live meeting is being recorded, as every participant is told (and late joiners on entry).
 *
 * @param startedBy display name of the host or co-host who started it
 */
public record RecordingStatus(boolean active, String recordingId, Instant startedAt, String startedBy) {
    public static final RecordingStatus OFF = new RecordingStatus(false, null, null, null);
}
