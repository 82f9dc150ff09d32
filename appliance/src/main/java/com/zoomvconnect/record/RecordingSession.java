package com.zoomvconnect.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sfu.RecordingTap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording in progress: receives the room's tracks from the SFU, gives each its own
 * {@link TrackRecorder} and file, and keeps {@code manifest.json} current so a crash leaves a
 * description of every file next to them.
 */
final class RecordingSession implements RecordingTap {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    final String id;
    final String meetingId;
    final String title;
    final Path dir;
    final Instant startedAt;
    final long startNanos;
    final String startedBy;
    private final Function<String, String> names;
    private final List<TrackRecorder> tracks = new ArrayList<>();
    /** Per publisher: the clock its sender reports give, shared by its tracks (lip sync). */
    private final java.util.Map<String, SenderClock> clocks = new java.util.HashMap<>();
    private final LongAdder dropped = new LongAdder();
    private AutoCloseable tap;
    private Instant endedAt;

    RecordingSession(String id, String meetingId, String title, Path dir, Instant startedAt, String startedBy,
                     Function<String, String> names) {
        this.id = id;
        this.meetingId = meetingId;
        this.title = title;
        this.dir = dir;
        this.startedAt = startedAt;
        this.startNanos = System.nanoTime();
        this.startedBy = startedBy;
        this.names = names;
    }

    void attached(AutoCloseable handle) {
        this.tap = handle;
    }

    @Override
    public synchronized TrackSink trackAdded(RecordedTrack t) {
        if (endedAt != null || !TrackRecorder.supports(t.codec())) {
            return null;
        }
        String who = names.apply(t.participantId());
        String base = String.format("%02d-%s-%s", tracks.size() + 1, slug(who), t.source() == null ? t.kind() : t.source());
        if (TrackSource.SCREEN.wireName().equals(t.source()) && "audio".equals(t.kind())) {
            base += "-audio";
        }
        var r = new TrackRecorder(t, dir.resolve(base + TrackRecorder.extension(t.codec())), who + " (" + t.source() + ")",
                title, startNanos, clocks.computeIfAbsent(t.participantId(), k -> new SenderClock()), startedAt, dropped,
                this::writeManifestQuietly);
        tracks.add(r);
        r.start();
        writeManifestQuietly();
        return r;
    }

    /** Stops receiving, waits for every file to be finished and writes the final manifest. */
    List<TrackRecorder.Result> stop(Instant now) throws IOException, InterruptedException {
        synchronized (this) {
            if (endedAt == null) {
                endedAt = now;
            }
        }
        if (tap != null) {
            try {
                tap.close();
            } catch (Exception e) {
                LOG.warn("Closing the recording tap of {}: {}", id, e.toString());
            }
        }
        List<TrackRecorder> all;
        synchronized (this) {
            all = List.copyOf(tracks);
        }
        List<TrackRecorder.Result> results = new ArrayList<>();
        for (TrackRecorder t : all) {
            t.trackEnded(); // idempotent for tracks the SFU already ended
            results.add(t.await(30_000));
        }
        writeManifest(results);
        return results;
    }

    long droppedPackets() {
        return dropped.sum();
    }

    private synchronized void writeManifestQuietly() {
        try {
            List<TrackRecorder.Result> now = tracks.stream().map(TrackRecorder::result).toList();
            writeManifest(now);
        } catch (IOException e) {
            LOG.warn("Cannot write the manifest of recording {}: {}", id, e.toString());
        }
    }

    private synchronized void writeManifest(List<TrackRecorder.Result> results) throws IOException {
        Manifest.write(dir, id, meetingId, title, startedAt, endedAt, false, results);
    }

    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String slug(String s) {
        String x = s == null ? "" : s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return x.isEmpty() ? "participant" : x.length() > 32 ? x.substring(0, 32) : x;
    }
}
