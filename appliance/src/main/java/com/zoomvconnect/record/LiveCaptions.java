package com.zoomvconnect.record;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.CaptionControl;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.ModerationException;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.record.captions.MeetingSummary;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live captions' lifecycle: a host turns them on (never in an end-to-end encrypted meeting) and
 * off; they stop when the meeting ends. What was said is then saved as the meeting's transcript
 * — an entry among the recordings with the transcript, WebVTT captions and the
 * {@link MeetingSummary} ({@code summary.json}) but no media — readable over the recordings API
 * and page, with or without a recording of the meeting.
 *
 * <p>CPU: recognition runs on {@code recognizers} threads for the whole appliance with a short
 * queue; an utterance that finds it full is not captioned (counted), its talk time still is.
 */
public final class LiveCaptions implements CaptionControl, AutoCloseable {
    static final String SUMMARY = "summary.json";
    private static final Logger LOG = LoggerFactory.getLogger(LiveCaptions.class);

    private final Database db;
    private final TapHub taps;
    private final LiveMeetings live;
    private final Clock clock;
    private final Path dir;
    private final Supplier<TranscriptionEngine> engine;
    private final RecordingDao recordings = new RecordingDao();
    private final MeetingDao meetings = new MeetingDao();
    private final ConcurrentHashMap<String, CaptionSession> active = new ConcurrentHashMap<>();
    private final ExecutorService recognition;
    private final ExecutorService saving = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("captions-saving").daemon().factory());

    /**
     * @param dir         the recordings directory: a captioned meeting's transcript is saved there
     * @param recognizers utterances recognised at once (each one engine process)
     */
    LiveCaptions(Database db, TapHub taps, LiveMeetings live, Clock clock, Path dir, Supplier<TranscriptionEngine> engine,
                 int recognizers) {
        this.db = db;
        this.taps = taps;
        this.live = live;
        this.clock = clock;
        this.dir = dir;
        this.engine = engine;
        this.recognition = new ThreadPoolExecutor(recognizers, recognizers, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4 * recognizers), Thread.ofPlatform().name("captions-recognition-", 0).daemon().factory());
    }

    @Override
    public void start(String meetingId, String actorName) {
        Room room = live.find(meetingId).filter(r -> !r.isEnded())
                .orElseThrow(() -> new ModerationException(ErrorCode.NOT_LIVE, "The meeting is not live"));
        if (room.policy().e2ee()) {
            throw new ModerationException(ErrorCode.E2EE_NO_CAPTIONS,
                    "This meeting is end-to-end encrypted: the server cannot hear it, so it cannot caption it");
        }
        TranscriptionEngine e = engine.get();
        if (e == null) {
            throw new ModerationException(ErrorCode.CAPTIONS_UNAVAILABLE,
                    "No speech recognizer is installed on this server (apt install pocketsphinx pocketsphinx-en-us)");
        }
        CaptionSession session;
        synchronized (active) {
            if (active.containsKey(meetingId)) {
                return;
            }
            session = new CaptionSession(meetingId, title(meetingId), actorName, clock.instant(), room, e, recognition, dir);
            active.put(meetingId, session);
        }
        session.attached(taps.listen(room.mediaRoomId(), session));
        room.setCaptions(true);
        LOG.info("Live captions of meeting {} started by {} ({})", meetingId, actorName, e.name());
    }

    @Override
    public void stop(String meetingId) {
        CaptionSession s = active.remove(meetingId);
        if (s == null) {
            return;
        }
        live.find(meetingId).ifPresent(r -> r.setCaptions(false));
        saving.submit(() -> save(s));
    }

    private String title(String meetingId) {
        return db.jdbi().withHandle(h -> meetings.findById(h, meetingId).map(MeetingRecord::title).orElse(""));
    }

    /** The phrases the recognizer expects in the meeting now (its participants' names, its title's words); empty when not captioned. */
    public List<String> vocabulary(String meetingId) {
        CaptionSession s = active.get(meetingId);
        return s == null ? List.of() : s.hints().phrases().stream().map(p -> String.join(" ", p)).toList();
    }

    /** Whether the meeting is being captioned. */
    public boolean isActive(String meetingId) {
        return active.containsKey(meetingId);
    }

    /** Stops the captions of meetings that ended; the recorder's ticker calls it every second. */
    void tick() {
        for (String meetingId : List.copyOf(active.keySet())) {
            if (live.find(meetingId).map(Room::isEnded).orElse(true)) {
                stop(meetingId);
            }
        }
    }

    private void save(CaptionSession s) {
        try {
            MeetingSummary.Summary summary = s.finish();
            Instant ended = clock.instant();
            if (summary.timeline().isEmpty()) {
                LOG.info("Live captions of meeting {} stopped: nobody spoke", s.meetingId);
                return;
            }
            String id = UUID.randomUUID().toString();
            Path out = dir.resolve(id);
            Files.createDirectories(out);
            long base = s.startedAt.toEpochMilli();
            List<Transcriber.Cue> cues = new ArrayList<>();
            for (MeetingSummary.Sentence line : s.lines()) {
                cues.add(new Transcriber.Cue(line.speaker(), Math.max(0, line.startMs() - base), Math.max(0, line.endMs() - base),
                        line.text()));
            }
            String text = Transcriber.text(cues);
            Files.writeString(out.resolve(Transcriber.CAPTIONS), Transcriber.webVtt(cues), StandardCharsets.UTF_8);
            Files.writeString(out.resolve(Transcriber.TEXT), text, StandardCharsets.UTF_8);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("engine", "live captions");
            json.put("lines", s.lines());
            RecordingSession.writeAtomically(out.resolve(Transcriber.WORDS), RecordingSession.JSON.writeValueAsBytes(json));
            RecordingSession.writeAtomically(out.resolve(SUMMARY), RecordingSession.JSON.writeValueAsBytes(summary));
            long size = RecordingManager.sizeOf(out);
            int seconds = (int) Math.round(Duration.between(s.startedAt, ended).toMillis() / 1000.0);
            db.jdbi().useTransaction(h -> {
                recordings.insert(h, new RecordingRecord(id, s.meetingId, "ready", s.startedAt, ended, seconds, size, id, ended));
                recordings.setStartedBy(h, id, s.startedBy);
                recordings.setProgress(h, id, 100);
                recordings.setTranscript(h, id, text);
            });
            LOG.info("Live captions of meeting {} saved as transcript {} ({} lines)", s.meetingId, id, cues.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Live captions of meeting {} could not be saved: {}", s.meetingId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the captions stopped so far are saved (tests, shutdown). */
    public boolean awaitSaved(Duration timeout) throws InterruptedException {
        var f = saving.submit(() -> { });
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Shutdown: running captions are stopped and saved (bounded). */
    @Override
    public void close() {
        for (String meetingId : List.copyOf(active.keySet())) {
            stop(meetingId);
        }
        saving.shutdown();
        try {
            saving.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recognition.shutdownNow();
        saving.shutdownNow();
    }
}
