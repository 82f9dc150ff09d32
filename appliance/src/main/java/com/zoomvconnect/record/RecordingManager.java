package com.zoomvconnect.record;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.ModerationException;
import com.zoomvconnect.meeting.ParticipantView;
import com.zoomvconnect.meeting.RecordingControl;
import com.zoomvconnect.meeting.RecordingStatus;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.PocketsphinxEngine;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.VocabularyHints;
import com.zoomvconnect.record.transcribe.VoskEngine;
import com.zoomvconnect.record.webm.WebmRepair;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import com.zoomvconnect.store.SettingsDao;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording's lifecycle: start and stop (hosts, from the meeting or the API), the indicator in
 * the room, stopping when the meeting ends or the disk fills, then — in the background —
 * composition and transcription; at start-up, completing what a crash interrupted; and retention.
 */
public final class RecordingManager implements RecordingControl, AutoCloseable {
    /** Why a meeting created while administrators had recording off cannot be recorded. */
    public static final String RECORDING_OFF =
            "Recording is turned off for this meeting: it was created while the administrators did not allow recording";
    private static final Logger LOG = LoggerFactory.getLogger(RecordingManager.class);

    /**
     * @param minFreeBytes   recording refuses to start below this much free disk, and stops at half of it
     * @param quotaBytes     all recordings together may use this much (0: no limit)
     * @param retentionDays  recordings older than this are deleted (0: kept forever)
     * @param transcription  {@code auto} (Vosk when a model is installed, else pocketsphinx), {@code vosk},
     *                       {@code pocketsphinx} or {@code off}
     * @param compose        render one MP4 with ffmpeg when it is installed
     * @param layout         {@code speaker} (active speaker large) or {@code grid}
     */
    public record Settings(Path dir, long minFreeBytes, long quotaBytes, int retentionDays, String transcription,
                           boolean compose, String layout) {
    }

    private final Database db;
    /** The quota and retention an administrator set, overriding the configuration's. */
    private final SettingsDao limits = new SettingsDao();
    private final TapHub taps;
    private final LiveCaptions captions;
    private final LiveMeetings live;
    private final Clock clock;
    private final Settings settings;
    private final List<TranscriptionEngine> engines;
    private final RecordingDao recordings = new RecordingDao();
    private final MeetingDao meetings = new MeetingDao();
    private final ConcurrentHashMap<String, RecordingSession> active = new ConcurrentHashMap<>();
    private final ExecutorService processing = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("recording-processing").daemon().factory());
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("recording-ticker").daemon().factory());

    public RecordingManager(Database db, Sfu sfu, LiveMeetings live, Clock clock, Settings settings,
                            List<TranscriptionEngine> engines) throws IOException {
        this.db = db;
        this.taps = new TapHub(sfu);
        this.live = live;
        this.clock = clock;
        this.settings = settings;
        this.engines = engines;
        Files.createDirectories(settings.dir());
        this.captions = new LiveCaptions(db, taps, live, clock, settings.dir(), this::engine,
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        ticker.scheduleWithFixedDelay(this::applyRetention, 1, 3600, TimeUnit.SECONDS);
    }

    /** The engines in the order {@code auto} tries them. */
    public static List<TranscriptionEngine> defaultEngines(Path voskModels) {
        return List.of(new VoskEngine(voskModels), new PocketsphinxEngine());
    }

    @Override
    public RecordingStatus start(String meetingId, String actorName) {
        Room room = live.find(meetingId).filter(r -> !r.isEnded())
                .orElseThrow(() -> new ModerationException(ErrorCode.NOT_LIVE, "The meeting is not live"));
        if (room.policy().e2ee()) {
            // The SFU only ever holds ciphertext in such a meeting: a recording would be noise.
            throw new ModerationException(ErrorCode.E2EE_NO_RECORDING,
                    "This meeting is end-to-end encrypted: the server cannot record or transcribe it");
        }
        if (!room.policy().recordingAllowed()) {
            throw new ModerationException(ErrorCode.RECORDING_NOT_ALLOWED, RECORDING_OFF);
        }
        checkDisk();
        String id = UUID.randomUUID().toString();
        Path dir = settings.dir().resolve(id);
        Instant now = clock.instant();
        RecordingSession session;
        synchronized (active) {
            if (active.containsKey(meetingId)) {
                throw new ModerationException(ErrorCode.RECORDING_ACTIVE, "The meeting is already being recorded");
            }
            String title = db.jdbi().withHandle(h -> meetings.findById(h, meetingId).map(MeetingRecord::title).orElse(""));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new ModerationException(ErrorCode.RECORDING_FAILED, "Cannot create the recording directory: " + e.getMessage());
            }
            db.jdbi().useTransaction(h -> {
                recordings.insert(h, new RecordingRecord(id, meetingId, "recording", now, null, null, 0, id, now));
                recordings.setStartedBy(h, id, actorName);
            });
            session = new RecordingSession(id, meetingId, title, dir, now, actorName,
                    pid -> room.participant(pid).map(ParticipantView::displayName).orElse("Participant"));
            active.put(meetingId, session);
        }
        session.attached(taps.listen(room.mediaRoomId(), session)); // the main room; breakouts are not recorded
        RecordingStatus status = new RecordingStatus(true, id, now, actorName);
        room.setRecording(status);
        LOG.info("Recording {} of meeting {} started by {}", id, meetingId, actorName);
        return status;
    }

    /** Live captions hear the meeting through the same tap as recordings and use the same recognizer. */
    @Override
    public LiveCaptions captions() {
        return captions;
    }

    @Override
    public void stop(String meetingId) {
        if (!stopIfActive(meetingId, "stopped")) {
            throw new ModerationException(ErrorCode.RECORDING_INACTIVE, "The meeting is not being recorded");
        }
    }

    /** The recording running in a meeting, if any. */
    public RecordingStatus status(String meetingId) {
        return live.find(meetingId).map(Room::recording).orElse(RecordingStatus.OFF);
    }

    private boolean stopIfActive(String meetingId, String why) {
        RecordingSession s = active.remove(meetingId);
        if (s == null) {
            return false;
        }
        live.find(meetingId).ifPresent(r -> r.setRecording(RecordingStatus.OFF));
        LOG.info("Recording {} of meeting {} {}", s.id, meetingId, why);
        processing.submit(() -> finishAndProcess(s));
        return true;
    }

    private void checkDisk() {
        try {
            long free = Files.getFileStore(settings.dir()).getUsableSpace();
            if (free < settings.minFreeBytes()) {
                throw new ModerationException(ErrorCode.DISK_FULL, String.format(
                        "The server's disk is nearly full (%.1f GiB free): recording would fail part-way, so it does not start",
                        free / 1073741824.0));
            }
            long quota = quotaBytes();
            if (quota > 0 && usedBytes() >= quota) {
                throw new ModerationException(ErrorCode.QUOTA_EXCEEDED, "Recordings use all the space set aside for them; delete some first");
            }
        } catch (IOException e) {
            throw new ModerationException(ErrorCode.DISK_FULL, "Cannot check free disk space: " + e.getMessage());
        }
    }

    /** What recordings use of the disk, what is free there, and the quota (0: none). */
    public record Storage(long usedBytes, long freeBytes, long quotaBytes) {
    }

    /** Days recordings are kept: as an administrator set it (settings), else the configuration's; 0: forever. */
    public int retentionDays() {
        return db.jdbi().withHandle(h -> (int) limits.number(h, SettingsDao.RECORDING_RETENTION_DAYS, settings.retentionDays()));
    }

    /** The quota an administrator set (settings), else the configuration's; 0: none. Read each time: a change applies at once. */
    public long quotaBytes() {
        long configuredGb = settings.quotaBytes() / 1_073_741_824L;
        return db.jdbi().withHandle(h -> limits.number(h, SettingsDao.RECORDING_QUOTA_GB, configuredGb)) * 1_073_741_824L;
    }

    /** The recordings directory's use now (walks the directory: for the admin overview, not a hot path). */
    public Storage storage() {
        try {
            return new Storage(usedBytes(), Files.getFileStore(settings.dir()).getUsableSpace(), quotaBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long usedBytes() throws IOException {
        return sizeOf(settings.dir());
    }

    static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private void tick() {
        try {
            captions.tick();
            for (Map.Entry<String, RecordingSession> e : List.copyOf(active.entrySet())) {
                String meetingId = e.getKey();
                boolean gone = live.find(meetingId).map(Room::isEnded).orElse(true);
                if (gone) {
                    stopIfActive(meetingId, "stopped: the meeting ended");
                    continue;
                }
                long free = Files.getFileStore(settings.dir()).getUsableSpace();
                if (free < settings.minFreeBytes() / 2) {
                    stopIfActive(meetingId, "stopped: the disk is nearly full");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Recording check failed: {}", e.toString());
        }
    }

    private void finishAndProcess(RecordingSession s) {
        try {
            List<TrackRecorder.Result> results = s.stop(clock.instant());
            long durationMs = results.stream().mapToLong(TrackRecorder.Result::endMs).max().orElse(0);
            db.jdbi().useTransaction(h -> recordings.finish(h, s.id, "processing", clock.instant(),
                    (int) Math.round(durationMs / 1000.0), null));
            if (s.droppedPackets() > 0) {
                LOG.warn("Recording {} dropped {} packets (disk too slow)", s.id, s.droppedPackets());
            }
        } catch (IOException | RuntimeException e) {
            fail(s.id, "Could not finish the recording files: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        process(s.id, s.dir);
    }

    /** Composition and transcription; the per-track files stay whatever happens. */
    private void process(String id, Path dir) {
        List<String> problems = new ArrayList<>();
        try {
            Manifest m = Manifest.read(dir);
            long durationMs = m.usableTracks().stream().mapToLong(Manifest.Track::endMs).max().orElse(0);
            var ffmpeg = MediaTools.find("ffmpeg");
            if (m.usableTracks().isEmpty()) {
                problems.add("nothing was recorded (no participant sent audio or video)");
            } else if (ffmpeg.isEmpty()) {
                problems.add("ffmpeg is not installed: the recording is the per-track files and manifest.json");
            } else {
                // Transcribe first, so the composed video can carry the captions as a subtitle track.
                TranscriptionEngine engine = engine();
                if (engine != null) {
                    engine = engine.withHints(hints(m));
                }
                if (engine != null) {
                    try {
                        // With composition to follow, transcription is the first half of the progress.
                        int share = settings.compose() ? 50 : 99;
                        String text = Transcriber.transcribe(ffmpeg.get().toString(), engine, dir, m,
                                p -> progress(id, p * share / 100));
                        db.jdbi().useHandle(h -> recordings.setTranscript(h, id, text));
                    } catch (IOException e) {
                        problems.add("transcription (" + engine.name() + ") failed: " + e.getMessage());
                    }
                }
                if (settings.compose()) {
                    try {
                        int from = engine == null ? 0 : 50;
                        Composer.compose(ffmpeg.get().toString(), dir, m, Math.max(durationMs, 1000), settings.layout(),
                                p -> progress(id, from + p * (100 - from) / 100));
                    } catch (IOException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
            long size = sizeOf(dir);
            db.jdbi().useTransaction(h -> {
                recordings.finish(h, id, "ready", null, null, size);
                recordings.setProgress(h, id, 100);
                recordings.setError(h, id, problems.isEmpty() ? null : String.join("; ", problems));
            });
            LOG.info("Recording {} is ready ({} bytes){}", id, size, problems.isEmpty() ? "" : ": " + problems);
        } catch (IOException | RuntimeException e) {
            fail(id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A recording's vocabulary hints: the names on its microphone tracks and the meeting's title. */
    static VocabularyHints hints(Manifest m) {
        return VocabularyHints.of(m.title(), m.usableTracks().stream().filter(t -> !t.video() && t.name() != null)
                .map(t -> Transcriber.speaker(t.name())).distinct().toList());
    }

    private TranscriptionEngine engine() {
        String wanted = settings.transcription();
        if ("off".equals(wanted)) {
            return null;
        }
        for (TranscriptionEngine e : engines) {
            if (("auto".equals(wanted) || e.name().equals(wanted)) && e.unavailableReason() == null) {
                return e;
            }
        }
        LOG.warn("No transcription engine available ({}): {}", wanted,
                engines.stream().map(e -> e.name() + ": " + e.unavailableReason()).toList());
        return null;
    }

    private void progress(String id, int p) {
        db.jdbi().useHandle(h -> recordings.setProgress(h, id, p));
    }

    private void fail(String id, String message) {
        LOG.warn("Recording {} failed: {}", id, message);
        db.jdbi().useTransaction(h -> {
            recordings.finish(h, id, "failed", null, null, null);
            recordings.setError(h, id, message);
        });
    }

    /**
     * Start-up: recordings a crash or power loss interrupted get their files completed (every
     * whole cluster kept) and go through processing like any other.
     */
    public void recoverInterrupted() {
        List<RecordingRecord> interrupted = db.jdbi().withHandle(h -> {
            List<RecordingRecord> all = new ArrayList<>(recordings.listByStatus(h, "recording"));
            all.addAll(recordings.listByStatus(h, "processing"));
            return all;
        });
        for (RecordingRecord r : interrupted) {
            // Repairing reads every cluster of every file: done on the processing thread, not in start-up.
            processing.submit(() -> recover(r));
        }
    }

    private void recover(RecordingRecord r) {
        Path dir = settings.dir().resolve(r.storagePath());
        try {
            if ("recording".equals(r.status())) {
                long durationMs = repair(dir);
                db.jdbi().useTransaction(h -> recordings.finish(h, r.id(), "processing", clock.instant(),
                        (int) Math.round(durationMs / 1000.0), null));
                LOG.info("Recovered recording {} after an unclean stop: {} s kept", r.id(), durationMs / 1000);
            }
        } catch (IOException | RuntimeException e) {
            fail(r.id(), "Could not recover after an unclean stop: " + e.getMessage());
            return;
        }
        process(r.id(), dir);
    }

    /** Completes every track file and rewrites the manifest from what the files hold. */
    static long repair(Path dir) throws IOException {
        Manifest m = Manifest.read(dir);
        List<Manifest.Track> fixed = new ArrayList<>();
        long end = 0;
        for (Manifest.Track t : m.tracks()) {
            Path f = dir.resolve(t.file());
            if (!Files.exists(f) || Files.size(f) == 0) {
                fixed.add(t);
                continue;
            }
            WebmRepair.Result r = WebmRepair.repair(f, TrackRecorder.frameMs(t.video()));
            long startMs = Math.max(0, t.startMs()); // unknown only if the crash came within its first frame
            long endMs = startMs + r.durationMs();
            end = Math.max(end, endMs);
            fixed.add(new Manifest.Track(t.file(), t.participantId(), t.name(), t.kind(), t.source(), t.codec(), startMs,
                    endMs, r.clusters() > 0 ? Math.max(1, t.frames()) : 0, t.width(), t.height()));
        }
        Manifest.write(dir, m.id(), m.meetingId(), m.title(), m.startedAt(),
                m.startedAt() == null ? null : m.startedAt().plusMillis(end), true, fixed);
        return end;
    }

    /** Deletes the recordings older than the retention period now; also runs a second after start and hourly. */
    public void applyRetention() {
        int days = retentionDays();
        if (days <= 0) {
            return;
        }
        try {
            Instant cutoff = clock.instant().minus(Duration.ofDays(days));
            for (RecordingRecord r : db.jdbi().withHandle(h -> recordings.listStartedBefore(h, cutoff))) {
                db.jdbi().useTransaction(h -> recordings.delete(h, r.id()));
                RecordingService.deleteDirectory(settings.dir(), r.storagePath());
                LOG.info("Recording {} deleted: older than {} days", r.id(), days);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Retention check failed: {}", e.toString());
        }
    }

    /** Waits until background processing is idle (tests, shutdown). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        var f = processing.submit(() -> { });
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /**
     * Shutdown: running recordings are stopped and their files finished; composition and
     * transcription continue at the next start.
     */
    @Override
    public void close() {
        ticker.shutdownNow();
        captions.close();
        for (String meetingId : List.copyOf(active.keySet())) {
            RecordingSession s = active.remove(meetingId);
            if (s != null) {
                try {
                    s.stop(clock.instant());
                    db.jdbi().useTransaction(h -> recordings.finish(h, s.id, "processing", clock.instant(), null, null));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Recording {} not finished cleanly: {}", s.id, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        processing.shutdownNow();
    }
}
