package com.zoomvconnect.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Recordings table access. */
public final class RecordingDao {
    private static final String COLUMNS = "r.id, r.meeting_id, r.status, r.started_at, r.ended_at, r.duration_seconds, "
            + "r.size_bytes, r.storage_path, r.created_at";

    public void insert(Handle h, RecordingRecord r) {
        h.createUpdate("INSERT INTO recordings (id, meeting_id, status, started_at, ended_at, duration_seconds, size_bytes, "
                        + "storage_path, created_at) VALUES (:id, :meeting, :status, :started, :ended, :duration, :size, :path, :created)")
                .bind("id", r.id()).bind("meeting", r.meetingId()).bind("status", r.status())
                .bind("started", Database.toDb(r.startedAt())).bind("ended", Database.toDb(r.endedAt()))
                .bind("duration", r.durationSeconds()).bind("size", r.sizeBytes()).bind("path", r.storagePath())
                .bind("created", Database.toDb(r.createdAt()))
                .execute();
    }

    public Optional<RecordingRecord> findById(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM recordings r WHERE r.id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /** Recordings of meetings hosted by {@code hostId}, newest first. */
    public List<RecordingRecord> listForHost(Handle h, String hostId, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM recordings r JOIN meetings m ON m.id = r.meeting_id "
                        + "WHERE m.host_id = :host ORDER BY r.started_at DESC, r.id DESC LIMIT :limit")
                .bind("host", hostId).bind("limit", limit).map((rs, ctx) -> map(rs)).list();
    }

    /** Every recording, newest first (administrators). */
    public List<RecordingRecord> listAll(Handle h, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM recordings r ORDER BY r.started_at DESC, r.id DESC LIMIT :limit")
                .bind("limit", limit).map((rs, ctx) -> map(rs)).list();
    }

    /** Processing details kept beside the row: who started it, progress, error, transcript. */
    public record Details(String startedBy, int progress, String error, String transcript) {
    }

    public Details details(Handle h, String id) {
        return h.createQuery("SELECT started_by, progress, error_message, transcript FROM recordings WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> new Details(rs.getString("started_by"), rs.getInt("progress"),
                        rs.getString("error_message"), rs.getString("transcript"))).findOne().orElse(null);
    }

    public void setStartedBy(Handle h, String id, String startedBy) {
        h.createUpdate("UPDATE recordings SET started_by = :by WHERE id = :id").bind("by", startedBy).bind("id", id).execute();
    }

    /** Moves a recording to {@code status} with its end, duration and size (null keeps a field). */
    public void finish(Handle h, String id, String status, java.time.Instant endedAt, Integer durationSeconds, Long sizeBytes) {
        h.createUpdate("UPDATE recordings SET status = :status, ended_at = COALESCE(:ended, ended_at), "
                        + "duration_seconds = COALESCE(:duration, duration_seconds), size_bytes = COALESCE(:size, size_bytes) WHERE id = :id")
                .bind("status", status).bind("ended", Database.toDb(endedAt)).bind("duration", durationSeconds)
                .bind("size", sizeBytes).bind("id", id).execute();
    }

    public void setProgress(Handle h, String id, int progress) {
        h.createUpdate("UPDATE recordings SET progress = :p WHERE id = :id").bind("p", progress).bind("id", id).execute();
    }

    public void setError(Handle h, String id, String error) {
        h.createUpdate("UPDATE recordings SET error_message = :e WHERE id = :id")
                .bind("e", error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error).bind("id", id).execute();
    }

    public void setTranscript(Handle h, String id, String transcript) {
        h.createUpdate("UPDATE recordings SET transcript = :t WHERE id = :id").bind("t", transcript).bind("id", id).execute();
    }

    /** Recordings left in {@code status} (a crash interrupted them). */
    public List<RecordingRecord> listByStatus(Handle h, String status) {
        return h.createQuery("SELECT " + COLUMNS + " FROM recordings r WHERE r.status = :s ORDER BY r.started_at")
                .bind("s", status).map((rs, ctx) -> map(rs)).list();
    }

    /** Recordings that started before {@code before} (retention). */
    public List<RecordingRecord> listStartedBefore(Handle h, java.time.Instant before) {
        return h.createQuery("SELECT " + COLUMNS + " FROM recordings r WHERE r.started_at < :b AND r.status IN ('ready', 'failed')")
                .bind("b", Database.toDb(before)).map((rs, ctx) -> map(rs)).list();
    }

    /** Recordings whose transcript or meeting title contains {@code text} (case-insensitive). */
    public List<RecordingRecord> search(Handle h, String hostId, String text, int limit) {
        String like = "%" + text.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        var q = h.createQuery("SELECT " + COLUMNS + " FROM recordings r JOIN meetings m ON m.id = r.meeting_id "
                + "WHERE " + (hostId == null ? "" : "m.host_id = :host AND ") + "(LOWER(r.transcript) LIKE :q ESCAPE '!' "
                + "OR LOWER(m.title) LIKE :q ESCAPE '!') ORDER BY r.started_at DESC, r.id DESC LIMIT :limit");
        if (hostId != null) {
            q.bind("host", hostId);
        }
        return q.bind("q", like).bind("limit", limit).map((rs, ctx) -> map(rs)).list();
    }

    public boolean delete(Handle h, String id) {
        return h.createUpdate("DELETE FROM recordings WHERE id = :id").bind("id", id).execute() == 1;
    }

    private static RecordingRecord map(ResultSet rs) throws SQLException {
        int d = rs.getInt("duration_seconds");
        Integer duration = rs.wasNull() ? null : d;
        return new RecordingRecord(rs.getString("id"), rs.getString("meeting_id"), rs.getString("status"),
                Database.fromDb(rs.getObject("started_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("ended_at", OffsetDateTime.class)),
                duration, rs.getLong("size_bytes"), rs.getString("storage_path"),
                Database.fromDb(rs.getObject("created_at", OffsetDateTime.class)));
    }
}
