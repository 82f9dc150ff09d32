package com.zoomvconnect.record;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** {@code manifest.json}: what a recording's directory holds, written as tracks come and go. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String format, String id, String meetingId, String title, Instant startedAt, Instant endedAt,
                       List<Track> tracks) {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "zoomvconnect-recording-1";

    /** One recorded track; times are milliseconds from the start of the recording. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Track(String file, String participantId, String name, String kind, String source, String codec,
                        long startMs, long endMs, long frames, int width, int height) {
        public boolean video() {
            return "video".equals(kind);
        }
    }

    public static Manifest read(Path dir) throws IOException {
        return RecordingSession.JSON.readValue(Files.readAllBytes(dir.resolve(FILE)), Manifest.class);
    }

    /**
     * Writes (atomically) the manifest of the recording in {@code dir}; {@code tracks} are
     * {@link Track}s, or anything that serialises with at least their fields.
     *
     * @param recovered the files were completed after an unclean stop
     */
    static void write(Path dir, String id, String meetingId, String title, Instant startedAt, Instant endedAt,
                      boolean recovered, List<?> tracks) throws IOException {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("format", FORMAT);
        m.put("id", id);
        m.put("meetingId", meetingId);
        m.put("title", title);
        m.put("startedAt", startedAt);
        m.put("endedAt", endedAt);
        if (recovered) {
            m.put("recovered", true);
        }
        m.put("tracks", tracks);
        RecordingSession.writeAtomically(dir.resolve(FILE), RecordingSession.JSON.writeValueAsBytes(m));
    }

    /** Tracks that hold at least one frame. */
    public List<Track> usableTracks() {
        return tracks == null ? List.of() : tracks.stream().filter(t -> t.frames() > 0 && t.startMs() >= 0).toList();
    }
}
