package com.zoomvconnect.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What a live meeting's main room keeps in the database so that a crash does not lose it: the
 * policy its hosts changed inside the meeting (JSON) and its public chat. Deleted when the live
 * meeting closes normally.
 */
public final class LiveStateDao {
    /** A public chat message as stored; {@code seq} orders a meeting's messages. */
    public record ChatRow(String id, String meetingId, long seq, String fromId, String fromName, String text, Instant sentAt) {
    }

    public void savePolicy(Handle h, String meetingId, String policyJson, Instant at) {
        int updated = h.createUpdate("UPDATE meeting_live_policy SET policy = :policy, updated_at = :at WHERE meeting_id = :meeting")
                .bind("meeting", meetingId).bind("policy", policyJson).bind("at", Database.toDb(at)).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO meeting_live_policy (meeting_id, policy, updated_at) VALUES (:meeting, :policy, :at)")
                    .bind("meeting", meetingId).bind("policy", policyJson).bind("at", Database.toDb(at)).execute();
        }
    }

    public Optional<String> policy(Handle h, String meetingId) {
        return h.createQuery("SELECT policy FROM meeting_live_policy WHERE meeting_id = :meeting")
                .bind("meeting", meetingId).mapTo(String.class).findOne();
    }

    /** Stores a message; its {@code seq} (given by the room, which orders its chat) places it among the others. */
    public void insertChat(Handle h, ChatRow m) {
        h.createUpdate("INSERT INTO meeting_live_chat (id, meeting_id, seq, from_id, from_name, text, sent_at) "
                        + "VALUES (:id, :meeting, :seq, :from, :name, :text, :at)")
                .bind("id", m.id()).bind("meeting", m.meetingId()).bind("seq", m.seq()).bind("from", m.fromId()).bind("name", m.fromName())
                .bind("text", m.text()).bind("at", Database.toDb(m.sentAt()))
                .execute();
    }

    /** The meeting's newest {@code limit} messages, oldest first. */
    public List<ChatRow> chat(Handle h, String meetingId, int limit) {
        return h.createQuery("SELECT id, meeting_id, seq, from_id, from_name, text, sent_at FROM meeting_live_chat "
                        + "WHERE meeting_id = :meeting ORDER BY seq DESC LIMIT :limit")
                .bind("meeting", meetingId).bind("limit", limit)
                .map((rs, ctx) -> new ChatRow(rs.getString("id"), rs.getString("meeting_id"), rs.getLong("seq"),
                        rs.getString("from_id"), rs.getString("from_name"), rs.getString("text"),
                        Database.fromDb(rs.getObject("sent_at", OffsetDateTime.class))))
                .list().reversed();
    }

    /** Forgets the meeting's live state (its live meeting closed). */
    public void clear(Handle h, String meetingId) {
        h.createUpdate("DELETE FROM meeting_live_chat WHERE meeting_id = :meeting").bind("meeting", meetingId).execute();
        h.createUpdate("DELETE FROM meeting_live_policy WHERE meeting_id = :meeting").bind("meeting", meetingId).execute();
    }
}
