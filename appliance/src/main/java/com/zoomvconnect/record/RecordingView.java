package com.zoomvconnect.record;

import java.time.Instant;
import java.util.List;

/**
 * A recording as the API shows it.
 *
 * @param progress composition progress, 0..100
 * @param error    why part of the processing failed (the per-track files are still there), or null
 * @param files    what can be downloaded (only when one recording is read); each {@code url} works
 *                 without an Authorization header for six hours (for video elements and links)
 */
public record RecordingView(String id, String meetingId, String meetingTitle, String status, Instant startedAt,
                            Instant endedAt, Integer durationSeconds, long sizeBytes, String startedBy, int progress,
                            String error, boolean hasTranscript, List<RecordingFile> files) {

    /** A downloadable file of a recording. */
    public record RecordingFile(String name, String kind, long sizeBytes, String contentType, String url) {
    }
}
