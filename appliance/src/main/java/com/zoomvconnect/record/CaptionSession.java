package com.zoomvconnect.record;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sfu.RecordingTap;
import com.zoomvconnect.meeting.CaptionLine;
import com.zoomvconnect.meeting.ParticipantView;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.record.captions.MeetingSummary;
import com.zoomvconnect.record.captions.SpeakerCaptioner;
import com.zoomvconnect.record.captions.SpeechSegmenter;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.VocabularyHints;
import com.zoomvconnect.record.transcribe.Wav;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live captions of one meeting: every microphone of its main room gets a
 * {@link SpeakerCaptioner}; each utterance it cuts is recognised on the shared, bounded
 * recognition pool (only speech is recognised: silence never reaches the engine), and the line
 * goes to the room (to those showing captions) and into the meeting's transcript. Speech segments
 * are kept whether or not recognition keeps up, for talk time and the timeline.
 */
final class CaptionSession implements RecordingTap, SpeakerCaptioner.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(CaptionSession.class);

    final String meetingId;
    final String startedBy;
    final Instant startedAt;
    private final String title;
    private final Room room;
    private final TranscriptionEngine engine;
    private final ExecutorService recognition;
    private final Path tmpDir;
    private final LongAdder dropped = new LongAdder();
    /** Utterances the pool had no room for (more people talking at once than it sustains). */
    final LongAdder unrecognised = new LongAdder();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final List<MeetingSummary.Sentence> lines = new ArrayList<>();
    private final List<MeetingSummary.Segment> segments = new ArrayList<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private final List<SpeakerCaptioner> speakers = new ArrayList<>();
    private int open;
    private AutoCloseable tap;

    CaptionSession(String meetingId, String title, String startedBy, Instant startedAt, Room room, TranscriptionEngine engine,
                   ExecutorService recognition, Path tmpDir) {
        this.meetingId = meetingId;
        this.title = title;
        this.startedBy = startedBy;
        this.startedAt = startedAt;
        this.room = room;
        this.engine = engine;
        this.recognition = recognition;
        this.tmpDir = tmpDir;
    }

    void attached(AutoCloseable handle) {
        this.tap = handle;
    }

    @Override
    public synchronized TrackSink trackAdded(RecordedTrack t) {
        if (!"audio".equals(t.kind()) || !TrackSource.MICROPHONE.wireName().equals(t.source())
                || !"opus".equalsIgnoreCase(t.codec())) {
            return null; // screen audio is not a speaker
        }
        // No name lookup here: this runs under the SFU room's monitor, and the meeting room has its own.
        var s = new SpeakerCaptioner(t.participantId(), t.trackId(), this, dropped);
        speakers.add(s);
        open++;
        return s;
    }

    private String name(String participantId) {
        return room.participant(participantId).map(ParticipantView::displayName)
                .orElseGet(() -> names.getOrDefault(participantId, "Participant"));
    }

    /** What the recognizer is told to expect now: the names of everyone in the room or heard so far, and the meeting's title. */
    VocabularyHints hints() {
        Set<String> who = new LinkedHashSet<>();
        room.participants().forEach(p -> who.add(p.displayName()));
        who.addAll(names.values());
        return VocabularyHints.of(title, who);
    }

    @Override
    public void utterance(SpeakerCaptioner from, SpeechSegmenter.Utterance u, long startEpochMs) {
        String who = name(from.participantId);
        names.put(from.participantId, who);
        long endEpochMs = startEpochMs + (u.endMs() - u.startMs());
        synchronized (this) {
            segments.add(new MeetingSummary.Segment(from.participantId, who, startEpochMs, endEpochMs, u.talkMs()));
            pending.removeIf(Future::isDone);
            try {
                pending.add(recognition.submit(() -> recognise(from.participantId, who, u, startEpochMs, endEpochMs)));
            } catch (RejectedExecutionException e) {
                unrecognised.increment();
            }
        }
    }

    @Override
    public synchronized void ended(SpeakerCaptioner from, long talkMs) {
        open--;
        notifyAll();
    }

    private void recognise(String participantId, String who, SpeechSegmenter.Utterance u, long startMs, long endMs) {
        String text;
        Path wav = null;
        try {
            wav = wav(u.pcm());
            text = text(engine.withHints(hints()).transcribe(wav));
        } catch (IOException e) {
            LOG.warn("Captions of meeting {}: recognition failed: {}", meetingId, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            deleteQuietly(wav);
        }
        if (text.isEmpty()) {
            return;
        }
        var line = new CaptionLine(participantId, who, text, startMs, endMs);
        synchronized (this) {
            lines.add(new MeetingSummary.Sentence(participantId, who, text, startMs, endMs));
        }
        room.caption(line);
    }

    private Path wav(short[] pcm) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(pcm);
        Path f = Files.createTempFile(tmpDir, "caption", ".wav");
        Files.write(f, Wav.file(b.array(), 0, pcm.length * 2));
        return f;
    }

    private static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}: {}", f, e.toString());
            }
        }
    }

    static String text(List<TranscriptionEngine.Word> words) {
        StringBuilder b = new StringBuilder();
        for (TranscriptionEngine.Word w : words) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(w.text());
        }
        return b.toString();
    }

    /** The caption lines so far, in the order they were said. */
    synchronized List<MeetingSummary.Sentence> lines() {
        return lines.stream().sorted(java.util.Comparator.comparingLong(MeetingSummary.Sentence::startMs)).toList();
    }

    /**
     * Stops hearing the room, waits (bounded) for the last utterances to be cut and recognised,
     * and returns what was said and when.
     */
    MeetingSummary.Summary finish() throws InterruptedException {
        if (tap != null) {
            try {
                tap.close();
            } catch (Exception e) {
                LOG.warn("Closing the caption tap of meeting {}: {}", meetingId, e.toString());
            }
        }
        List<SpeakerCaptioner> all;
        synchronized (this) {
            all = List.copyOf(speakers);
        }
        for (SpeakerCaptioner s : all) {
            s.trackEnded(); // idempotent for tracks the SFU already ended
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (this) {
            while (open > 0 && System.nanoTime() < deadline) {
                wait(1000);
            }
        }
        List<Future<?>> waiting;
        synchronized (this) {
            waiting = List.copyOf(pending);
        }
        for (Future<?> f : waiting) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("Captions of meeting {}: an utterance was not recognised: {}", meetingId, e.toString());
            }
        }
        synchronized (this) {
            if (dropped.sum() > 0 || unrecognised.sum() > 0) {
                LOG.warn("Captions of meeting {}: {} packets dropped, {} utterances not recognised (too many speakers at once)",
                        meetingId, dropped.sum(), unrecognised.sum());
            }
            return MeetingSummary.of(new ArrayList<>(lines), new ArrayList<>(segments));
        }
    }
}
