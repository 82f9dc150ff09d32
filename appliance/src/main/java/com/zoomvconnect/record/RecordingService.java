package com.zoomvconnect.record;

import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/** Listing, reading and deleting recordings; visible to the meeting's host and to administrators. */
public final class RecordingService {
    private final Database db;
    private final RecordingDao recordings = new RecordingDao();
    private final MeetingDao meetings = new MeetingDao();
    private final Path recordingsDir;

    public RecordingService(Database db, Path recordingsDir) {
        this.db = db;
        this.recordingsDir = recordingsDir.toAbsolutePath().normalize();
    }

    public List<RecordingView> list(Principal caller, int limit) {
        if (limit < 1 || limit > 500) {
            throw AppException.invalidField("limit", "must be between 1 and 500");
        }
        return db.jdbi().withHandle(h -> (caller.isAdmin() ? recordings.listAll(h, limit)
                : recordings.listForHost(h, caller.userId(), limit)).stream().map(r -> view(h, r)).toList());
    }

    public RecordingView get(Principal caller, String id) {
        return db.jdbi().withHandle(h -> view(h, visible(h, caller, id)));
    }

    /** Deletes the row and, after the transaction commits, the recording's files. */
    public void delete(Principal caller, String id) {
        RecordingRecord r = db.jdbi().inTransaction(h -> {
            RecordingRecord rec = visible(h, caller, id);
            recordings.delete(h, rec.id());
            return rec;
        });
        deleteFiles(r);
    }

    private RecordingRecord visible(Handle h, Principal caller, String id) {
        RecordingRecord r = recordings.findById(h, id).orElseThrow(() -> AppException.notFound("Recording"));
        MeetingRecord m = meetings.findById(h, r.meetingId()).orElseThrow(() -> AppException.notFound("Recording"));
        if (!caller.isAdmin() && !m.hostId().equals(caller.userId())) {
            throw AppException.forbidden("Only the meeting's host can access this recording");
        }
        return r;
    }

    private RecordingView view(Handle h, RecordingRecord r) {
        String title = meetings.findById(h, r.meetingId()).map(MeetingRecord::title).orElse("");
        return new RecordingView(r.id(), r.meetingId(), title, r.status(), r.startedAt(), r.endedAt(),
                r.durationSeconds(), r.sizeBytes());
    }

    private void deleteFiles(RecordingRecord r) {
        if (r.storagePath() == null || r.storagePath().isBlank()) {
            return;
        }
        Path target = recordingsDir.resolve(r.storagePath()).normalize();
        // Never follow a stored path outside the recordings directory.
        if (!target.startsWith(recordingsDir) || target.equals(recordingsDir) || !Files.exists(target)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete recording files at " + target, e);
        }
    }
}
