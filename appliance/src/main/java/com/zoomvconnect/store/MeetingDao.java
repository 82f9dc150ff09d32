package com.zoomvconnect.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Meetings and their invitees. */
public final class MeetingDao {
    private static final String COLUMNS = "id, code, title, description, host_id, status, starts_at, duration_minutes, "
            + "time_zone, passcode_hash, waiting_room, allow_guests, mute_on_entry, created_at, updated_at, ended_at, webinar, e2ee, "
            + "recording_allowed";

    /** Keyset position for paging: rows strictly after (createdAt, id) in descending order. */
    public record Cursor(Instant createdAt, String id) {
    }

    public void insert(Handle h, MeetingRecord m) {
        h.createUpdate("INSERT INTO meetings (" + COLUMNS + ") VALUES (:id, :code, :title, :description, :host, :status, "
                        + ":startsAt, :duration, :tz, :passcode, :waitingRoom, :allowGuests, :muteOnEntry, :created, :updated, :ended, :webinar, :e2ee, :recordingAllowed)")
                .bind("id", m.id()).bind("code", m.code())
                .bind("title", m.title()).bind("description", m.description())
                .bind("host", m.hostId()).bind("status", m.status())
                .bind("startsAt", Database.toDb(m.startsAt())).bind("duration", m.durationMinutes())
                .bind("tz", m.timeZone()).bind("passcode", m.passcodeHash())
                .bind("waitingRoom", m.waitingRoom()).bind("allowGuests", m.allowGuests())
                .bind("muteOnEntry", m.muteOnEntry())
                .bind("created", Database.toDb(m.createdAt())).bind("updated", Database.toDb(m.updatedAt()))
                .bind("ended", Database.toDb(m.endedAt())).bind("webinar", m.webinar()).bind("e2ee", m.e2ee())
                .bind("recordingAllowed", m.recordingAllowed())
                .execute();
    }

    public void update(Handle h, MeetingRecord m) {
        h.createUpdate("UPDATE meetings SET title = :title, description = :description, status = :status, "
                        + "starts_at = :startsAt, duration_minutes = :duration, time_zone = :tz, passcode_hash = :passcode, "
                        + "waiting_room = :waitingRoom, allow_guests = :allowGuests, mute_on_entry = :muteOnEntry, "
                        + "updated_at = :updated, ended_at = :ended, webinar = :webinar, e2ee = :e2ee WHERE id = :id")
                .bind("id", m.id())
                .bind("title", m.title()).bind("description", m.description()).bind("status", m.status())
                .bind("startsAt", Database.toDb(m.startsAt())).bind("duration", m.durationMinutes())
                .bind("tz", m.timeZone()).bind("passcode", m.passcodeHash())
                .bind("waitingRoom", m.waitingRoom()).bind("allowGuests", m.allowGuests())
                .bind("muteOnEntry", m.muteOnEntry())
                .bind("updated", Database.toDb(m.updatedAt())).bind("ended", Database.toDb(m.endedAt()))
                .bind("webinar", m.webinar()).bind("e2ee", m.e2ee())
                .execute();
    }

    public Optional<MeetingRecord> findById(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM meetings WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<MeetingRecord> findByCode(Handle h, String code) {
        return h.createQuery("SELECT " + COLUMNS + " FROM meetings WHERE code = :code").bind("code", code)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    public boolean codeExists(Handle h, String code) {
        return h.createQuery("SELECT COUNT(*) FROM meetings WHERE code = :code").bind("code", code)
                .mapTo(Long.class).one() > 0;
    }

    /**
     * Meetings the user hosts or is invited to (as an account), newest first, at most {@code limit},
     * optionally only those with one of {@code statuses}.
     */
    public List<MeetingRecord> listForUser(Handle h, String userId, Collection<String> statuses, Cursor after, int limit) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM meetings WHERE (host_id = :user OR id IN "
                + "(SELECT meeting_id FROM meeting_invitees WHERE user_id = :user))");
        if (!statuses.isEmpty()) {
            sql.append(" AND status IN (<statuses>)");
        }
        if (after != null) {
            sql.append(" AND (created_at < :cAt OR (created_at = :cAt AND id < :cId))");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        Query q = h.createQuery(sql.toString()).bind("user", userId).bind("limit", limit);
        if (!statuses.isEmpty()) {
            q.bindList("statuses", List.copyOf(statuses));
        }
        if (after != null) {
            q.bind("cAt", Database.toDb(after.createdAt())).bind("cId", after.id());
        }
        return q.map((rs, ctx) -> map(rs)).list();
    }

    public void replaceInvitees(Handle h, String meetingId, List<InviteeRecord> invitees) {
        h.createUpdate("DELETE FROM meeting_invitees WHERE meeting_id = :id").bind("id", meetingId).execute();
        var batch = h.prepareBatch("INSERT INTO meeting_invitees (meeting_id, email, role, user_id) VALUES (:m, :e, :r, :u)");
        for (var i : invitees) {
            batch.bind("m", meetingId).bind("e", i.email()).bind("r", i.role()).bind("u", i.userId()).add();
        }
        if (!invitees.isEmpty()) {
            batch.execute();
        }
    }

    public List<InviteeRecord> invitees(Handle h, String meetingId) {
        return h.createQuery("SELECT meeting_id, email, role, user_id FROM meeting_invitees WHERE meeting_id = :id ORDER BY email")
                .bind("id", meetingId)
                .map((rs, ctx) -> new InviteeRecord(rs.getString("meeting_id"), rs.getString("email"), rs.getString("role"),
                        rs.getString("user_id")))
                .list();
    }

    /** The role an invitation gives this account (by account id: an address alone proves nothing). */
    public Optional<String> inviteeRole(Handle h, String meetingId, String userId) {
        return h.createQuery("SELECT role FROM meeting_invitees WHERE meeting_id = :id AND user_id = :user")
                .bind("id", meetingId).bind("user", userId).mapTo(String.class).findOne();
    }

    public void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM meetings WHERE id = :id").bind("id", id).execute();
    }

    private static MeetingRecord map(ResultSet rs) throws SQLException {
        int duration = rs.getInt("duration_minutes");
        Integer durationOrNull = rs.wasNull() ? null : duration;
        return new MeetingRecord(rs.getString("id"), rs.getString("code"), rs.getString("title"),
                rs.getString("description"), rs.getString("host_id"), rs.getString("status"),
                Database.fromDb(rs.getObject("starts_at", OffsetDateTime.class)), durationOrNull,
                rs.getString("time_zone"), rs.getString("passcode_hash"),
                rs.getBoolean("waiting_room"), rs.getBoolean("allow_guests"), rs.getBoolean("mute_on_entry"),
                Database.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("updated_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("ended_at", OffsetDateTime.class)), rs.getBoolean("webinar"),
                rs.getBoolean("e2ee"), rs.getBoolean("recording_allowed"));
    }
}
