package com.zoomvconnect.record;

import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.record.captions.MeetingSummary;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A meeting's summary as people read it: the extracted {@link MeetingSummary} ({@code summary.json},
 * never changed) with, where the host or an administrator edited its key sentences or action items,
 * their lists instead ({@code summary-edited.json} beside it, written atomically: it outlives restarts like
 * the recording's other files). Every item says whether it is a sentence someone said, word for word
 * as recognised, or an edit; the view names who edited last and when.
 *
 * <p>Who may read and edit: whoever may open the recording — the meeting's host and administrators,
 * not its co-hosts (Zoom gives co-hosts no access to a meeting's recordings either).
 */
public final class SummaryService {
    static final String EDITED = "summary-edited.json";
    /** Items per list: a summary, not a second transcript. */
    public static final int MAX_ITEMS = 20;
    public static final int MAX_TEXT = 500;
    public static final int MAX_SPEAKER = 100;

    /** One key sentence or action item as sent by an editor; speaker and time are optional. */
    public record Item(String text, String speaker, Long startMs) {
    }

    /** {@code PUT .../summary}: both lists, replacing the shown ones (empty lists are allowed). */
    public record Edit(List<Item> keySentences, List<Item> actionItems) {
    }

    /** What is stored: the edited lists and who saved them when. */
    record Stored(List<Item> keySentences, List<Item> actionItems, String editedBy, Instant editedAt) {
    }

    /** An item as read: {@code edited} is false only for a sentence the extraction chose, unchanged. */
    public record ViewItem(String participantId, String speaker, String text, Long startMs, boolean edited) {
    }

    /** The lists the extraction chose, kept beside the edited ones. */
    public record Extracted(List<MeetingSummary.Sentence> keySentences, List<MeetingSummary.Sentence> actionItems) {
    }

    /** Who saved the edits, and when. */
    public record EditInfo(String by, Instant at) {
    }

    /** The summary as shown: {@code edited} is null while nobody edited it. */
    public record View(String method, long startMs, long endMs, List<MeetingSummary.Attendee> attendance,
                       List<MeetingSummary.Segment> timeline, List<ViewItem> keySentences, List<ViewItem> actionItems,
                       Extracted extracted, EditInfo edited) {
    }

    private final Database db;
    private final Path recordingsDir;
    private final Clock clock;
    private final RecordingDao recordings = new RecordingDao();
    private final MeetingDao meetings = new MeetingDao();

    SummaryService(Database db, Path recordingsDir, Clock clock) {
        this.db = db;
        this.recordingsDir = recordingsDir;
        this.clock = clock;
    }

    /** The summary of recording {@code id} with any edits; 404 when it has none (a recording without captions). */
    public View get(Principal caller, String id) {
        Path dir = directory(caller, id);
        return view(extracted(dir), stored(dir));
    }

    /** Replaces the key sentences and action items; the extraction stays readable under {@code extracted}. */
    public synchronized View edit(Principal caller, String id, Edit edit) {
        if (edit == null) {
            throw AppException.invalidField("keySentences", "send keySentences and actionItems");
        }
        List<Item> keys = items("keySentences", edit.keySentences());
        List<Item> actions = items("actionItems", edit.actionItems());
        Path dir = directory(caller, id);
        MeetingSummary.Summary summary = extracted(dir);
        String by = caller.displayName() == null || caller.displayName().isBlank() ? caller.email() : caller.displayName();
        Stored stored = new Stored(keys, actions, by, clock.instant());
        try {
            RecordingSession.writeAtomically(dir.resolve(EDITED), RecordingSession.JSON.writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the summary of " + id, e);
        }
        return view(summary, stored);
    }

    /** Drops the edits: the extracted summary shows again. */
    public synchronized View revert(Principal caller, String id) {
        Path dir = directory(caller, id);
        MeetingSummary.Summary summary = extracted(dir);
        try {
            Files.deleteIfExists(dir.resolve(EDITED));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot revert the summary of " + id, e);
        }
        return view(summary, null);
    }

    private static List<Item> items(String field, List<Item> given) {
        if (given == null) {
            throw AppException.invalidField(field, "required: a list of {text, speaker?, startMs?} (may be empty)");
        }
        if (given.size() > MAX_ITEMS) {
            throw AppException.invalidField(field, "at most " + MAX_ITEMS + " items");
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Item it = given.get(i);
            String at = field + "[" + i + "]";
            String text = it == null || it.text() == null ? "" : it.text().strip();
            if (text.isEmpty() || text.length() > MAX_TEXT) {
                throw AppException.invalidField(at + ".text", "must be 1-" + MAX_TEXT + " characters");
            }
            String speaker = it.speaker() == null || it.speaker().isBlank() ? null : it.speaker().strip();
            if (speaker != null && speaker.length() > MAX_SPEAKER) {
                throw AppException.invalidField(at + ".speaker", "must be at most " + MAX_SPEAKER + " characters");
            }
            if (it.startMs() != null && it.startMs() < 0) {
                throw AppException.invalidField(at + ".startMs", "must not be negative");
            }
            out.add(new Item(text, speaker, it.startMs()));
        }
        return List.copyOf(out);
    }

    /** The recording's directory, if the caller may read its summary. */
    private Path directory(Principal caller, String id) {
        RecordingRecord r = db.jdbi().withHandle(h -> {
            RecordingRecord rec = recordings.findById(h, id).orElseThrow(() -> AppException.notFound("Recording"));
            MeetingRecord m = meetings.findById(h, rec.meetingId()).orElseThrow(() -> AppException.notFound("Recording"));
            // As for the recording itself (RecordingService): its host and administrators. Co-hosts
            // run the live meeting but, as in Zoom, do not get its recordings afterwards.
            if (!caller.isAdmin() && !m.hostId().equals(caller.userId())) {
                throw AppException.forbidden("Only the meeting's host and administrators can read and edit its summary");
            }
            return rec;
        });
        if (r.storagePath() == null || r.storagePath().isBlank()) {
            throw AppException.notFound("Summary");
        }
        Path dir = recordingsDir.resolve(r.storagePath()).normalize();
        if (!dir.startsWith(recordingsDir) || !Files.isRegularFile(dir.resolve(LiveCaptions.SUMMARY))) {
            throw AppException.notFound("Summary");
        }
        return dir;
    }

    private static MeetingSummary.Summary extracted(Path dir) {
        try {
            return RecordingSession.JSON.readValue(dir.resolve(LiveCaptions.SUMMARY).toFile(), MeetingSummary.Summary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(LiveCaptions.SUMMARY), e);
        }
    }

    private static Stored stored(Path dir) {
        Path f = dir.resolve(EDITED);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return RecordingSession.JSON.readValue(f.toFile(), Stored.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static View view(MeetingSummary.Summary s, Stored edits) {
        var extracted = new Extracted(s.keySentences(), s.actionItems());
        if (edits == null) {
            return new View(s.method(), s.startMs(), s.endMs(), s.attendance(), s.timeline(), said(s.keySentences()),
                    said(s.actionItems()), extracted, null);
        }
        // An item whose text is a sentence the extraction chose is that sentence, not an edit.
        Map<String, MeetingSummary.Sentence> chosen = new HashMap<>();
        for (var list : List.of(s.keySentences(), s.actionItems())) {
            for (MeetingSummary.Sentence x : list) {
                chosen.putIfAbsent(x.text().strip(), x);
            }
        }
        return new View(s.method(), s.startMs(), s.endMs(), s.attendance(), s.timeline(), shown(edits.keySentences(), chosen),
                shown(edits.actionItems(), chosen), extracted, new EditInfo(edits.editedBy(), edits.editedAt()));
    }

    private static List<ViewItem> said(List<MeetingSummary.Sentence> list) {
        return list.stream().map(x -> new ViewItem(x.participantId(), x.speaker(), x.text(), x.startMs(), false)).toList();
    }

    private static List<ViewItem> shown(List<Item> items, Map<String, MeetingSummary.Sentence> chosen) {
        List<ViewItem> out = new ArrayList<>();
        for (Item it : items) {
            MeetingSummary.Sentence x = chosen.get(it.text());
            boolean same = x != null && (it.speaker() == null || it.speaker().equals(x.speaker()));
            out.add(same ? new ViewItem(x.participantId(), x.speaker(), x.text(), x.startMs(), false)
                    : new ViewItem(null, it.speaker(), it.text(), it.startMs(), true));
        }
        return out;
    }
}
