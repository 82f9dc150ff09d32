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
