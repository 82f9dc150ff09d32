package com.zoomvconnect.record;

import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.media.TrackSource;
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

    private final TokenSigner signer;
    private final java.time.Clock clock;
    private final SummaryService summaries;

    /** @param signer signs the media links of recordings */
    public RecordingService(Database db, Path recordingsDir, TokenSigner signer, java.time.Clock clock) {
        this.db = db;
        this.recordingsDir = recordingsDir.toAbsolutePath().normalize();
        this.signer = signer;
        this.clock = clock;
        this.summaries = new SummaryService(db, this.recordingsDir, clock);
    }

    /** Meeting summaries: read, and edited by the host and co-hosts. */
    public SummaryService summaries() {
        return summaries;
    }

    static final String MEDIA_TOKEN = "recording-media";

    private String mediaToken(String recordingId) {
        long now = clock.instant().getEpochSecond();
        return signer.sign(java.util.Map.of("typ", MEDIA_TOKEN, "rec", recordingId, "iat", now, "exp", now + 6 * 3600));
    }

    /** A file reached through a media link: the link's signature stands for the caller's right to it. */
    public Path fileByToken(String id, String name, String token) {
        if (token == null) {
            throw new AppException(com.zoomvconnect.error.ErrorCode.UNAUTHORIZED, "Sign in or use a recording link");
        }
        var claims = signer.verify(token, MEDIA_TOKEN, clock.instant())
                .orElseThrow(() -> new AppException(com.zoomvconnect.error.ErrorCode.INVALID_TOKEN, "The link has expired or is invalid"));
        if (!id.equals(claims.get("rec"))) {
            throw new AppException(com.zoomvconnect.error.ErrorCode.INVALID_TOKEN, "The link is for another recording");
        }
        RecordingRecord r = db.jdbi().withHandle(h -> recordings.findById(h, id)).orElseThrow(() -> AppException.notFound("Recording"));
        return resolveFile(r, name);
    }

    public List<RecordingView> list(Principal caller, int limit, String query) {
        if (limit < 1 || limit > 500) {
            throw AppException.invalidField("limit", "must be between 1 and 500");
        }
        if (query != null && (query.isBlank() || query.length() > 200)) {
            throw AppException.invalidField("q", "must be 1-200 characters");
        }
        return db.jdbi().withHandle(h -> {
            List<RecordingRecord> rows = query != null
                    ? recordings.search(h, caller.isAdmin() ? null : caller.userId(), query.strip(), limit)
                    : caller.isAdmin() ? recordings.listAll(h, limit) : recordings.listForHost(h, caller.userId(), limit);
            return rows.stream().map(r -> view(h, r, false)).toList();
        });
    }


    public RecordingView get(Principal caller, String id) {
        return db.jdbi().withHandle(h -> view(h, visible(h, caller, id), true));
    }

    /** Deletes the row and, after the transaction commits, the recording's files. */
    public void delete(Principal caller, String id) {
        RecordingRecord r = db.jdbi().inTransaction(h -> {
            RecordingRecord rec = visible(h, caller, id);
            if ("recording".equals(rec.status())) {
                throw new AppException(com.zoomvconnect.error.ErrorCode.CONFLICT, "Stop the recording before deleting it");
            }
            recordings.delete(h, rec.id());
            return rec;
        });
        try {
            deleteDirectory(recordingsDir, r.storagePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete recording files of " + r.id(), e);
        }
    }

    /** The transcript text, or 404 when there is none (yet). */
    public String transcript(Principal caller, String id) {
        return db.jdbi().withHandle(h -> {
            RecordingRecord r = visible(h, caller, id);
            RecordingDao.Details d = recordings.details(h, r.id());
            if (!hasTranscript(d)) {
                throw AppException.notFound("Transcript");
            }
            return d.transcript();
        });
    }

    /** A file of a visible recording, by its listed name; never a path outside its directory. */
    public Path file(Principal caller, String id, String name) {
        RecordingRecord r = db.jdbi().withHandle(h -> visible(h, caller, id));
        return resolveFile(r, name);
    }

    private Path resolveFile(RecordingRecord r, String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,120}") || name.startsWith(".")) {
            throw AppException.notFound("File");
        }
        Path dir = recordingsDir.resolve(r.storagePath()).normalize();
        Path f = dir.resolve(name).normalize();
        if (!f.startsWith(dir) || !Files.isRegularFile(f) || !downloadable(name)) {
            throw AppException.notFound("File");
        }
        return f;
    }

    private RecordingRecord visible(Handle h, Principal caller, String id) {
        RecordingRecord r = recordings.findById(h, id).orElseThrow(() -> AppException.notFound("Recording"));
        MeetingRecord m = meetings.findById(h, r.meetingId()).orElseThrow(() -> AppException.notFound("Recording"));
        if (!caller.isAdmin() && !m.hostId().equals(caller.userId())) {
            throw AppException.forbidden("Only the meeting's host can access this recording");
        }
        return r;
    }

    private RecordingView view(Handle h, RecordingRecord r, boolean withFiles) {
        String title = meetings.findById(h, r.meetingId()).map(MeetingRecord::title).orElse("");
        RecordingDao.Details d = recordings.details(h, r.id());
        List<RecordingView.RecordingFile> files = withFiles ? files(r) : null;
        return new RecordingView(r.id(), r.meetingId(), title, r.status(), r.startedAt(), r.endedAt(),
                r.durationSeconds(), r.sizeBytes(), d == null ? null : d.startedBy(), d == null ? 0 : d.progress(),
                d == null ? null : d.error(), hasTranscript(d), files);
    }

    /**
     * Whether there is a transcript to read. Transcribing a recording in which nobody spoke stores
     * an empty text (transcription ran); that is no transcript, for the list as for the page.
     */
    private static boolean hasTranscript(RecordingDao.Details d) {
        return d != null && d.transcript() != null && !d.transcript().isBlank();
    }

    private List<RecordingView.RecordingFile> files(RecordingRecord r) {
        if (r.storagePath() == null || r.storagePath().isBlank()) {
            return List.of();
        }
        Path dir = recordingsDir.resolve(r.storagePath()).normalize();
        if (!dir.startsWith(recordingsDir) || !Files.isDirectory(dir)) {
            return List.of();
        }
        String token = mediaToken(r.id());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(RecordingService::downloadable)
                    .sorted(Comparator.comparing(RecordingService::fileOrder).thenComparing(Comparator.naturalOrder()))
                    .map(n -> new RecordingView.RecordingFile(n, kind(n), dir.resolve(n).toFile().length(), contentType(n),
                            "/api/v1/recordings/" + r.id() + "/files/" + n + "?token=" + token))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean downloadable(String name) {
        return !name.startsWith(".") && !name.endsWith(".tmp") && !name.contains(".partial") && !name.endsWith(".log")
                && !name.endsWith(".wav");
    }

    private static int fileOrder(String n) {
        return switch (kind(n)) {
            case "composed" -> 0;
            case "captions" -> 1;
            case "transcript", "summary" -> 2;
            case "manifest" -> 4;
            default -> 3;
        };
    }

    static String kind(String n) {
        if (n.equals(Composer.OUTPUT)) {
            return "composed";
        }
        if (n.equals(Transcriber.CAPTIONS)) {
            return "captions";
        }
        if (n.equals(Transcriber.TEXT) || n.equals(Transcriber.WORDS)) {
            return "transcript";
        }
        if (n.equals(Manifest.FILE)) {
            return "manifest";
        }
        if (n.equals(LiveCaptions.SUMMARY) || n.equals(SummaryService.EDITED)) {
            return "summary";
        }
        return "track";
    }

    public static String contentType(String n) {
        if (n.endsWith(".mp4")) {
            return "video/mp4";
        }
        if (n.endsWith(".webm")) {
            return n.contains(TrackSource.MICROPHONE.wireName()) || n.contains("audio") ? "audio/webm" : "video/webm";
        }
        if (n.endsWith(".mkv")) {
            return "video/x-matroska";
        }
        if (n.endsWith(".vtt")) {
            return "text/vtt; charset=utf-8";
        }
        if (n.endsWith(".json")) {
            return "application/json";
        }
        if (n.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }

    /** Deletes a recording's directory under {@code recordingsDir}; never follows a path outside it. */
    static void deleteDirectory(Path recordingsDir, String storagePath) throws IOException {
        if (storagePath == null || storagePath.isBlank()) {
            return;
        }
        Path root = recordingsDir.toAbsolutePath().normalize();
        Path target = root.resolve(storagePath).normalize();
        if (!target.startsWith(root) || target.equals(root) || !Files.exists(target)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
