package com.zoomvconnect.meeting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.AttendanceDao;
import com.zoomvconnect.store.BanDao;
import com.zoomvconnect.store.BanRecord;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.LiveStateDao;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What a live room keeps in the database, which outlives the room: whether its meeting may still
 * be entered, and who is banned from it (a join grant is signed once and used later; the meeting
 * may have ended, been cancelled or banned its bearer in between); and, for the main room, the
 * policy hosts changed and the public chat, so that a crash of the process loses neither.
 */
public final class RoomRecords {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoomRecords.class);
    private final Database db;
    private final Clock clock;
    private final MeetingDao meetings = new MeetingDao();
    private final BanDao bans = new BanDao();
    private final AttendanceDao attendance = new AttendanceDao();
    private final LiveStateDao live = new LiveStateDao();
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RoomRecords(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Why someone covered by {@code subjects} may not enter the meeting now; empty when they may. */
    Optional<Admission.Refused> refusal(String meetingId, List<BanSubject> subjects) {
        return db.jdbi().withHandle(h -> {
            Optional<MeetingRecord> m = meetings.findById(h, meetingId);
            if (m.isEmpty()) {
                return Optional.of(new Admission.Refused(ErrorCode.MEETING_ENDED, "This meeting no longer exists"));
            }
            if (MeetingRecord.CANCELLED.equals(m.get().status())) {
                return Optional.of(new Admission.Refused(ErrorCode.MEETING_ENDED, "This meeting was cancelled"));
            }
            if (MeetingRecord.ENDED.equals(m.get().status())) {
                return Optional.of(new Admission.Refused(ErrorCode.MEETING_ENDED, "This meeting has ended"));
            }
            for (BanSubject s : subjects) {
                if (bans.isBanned(h, meetingId, s.kind().stored(), s.value())) {
                    return Optional.of(Entrance.BANNED);
                }
            }
            return Optional.empty();
        });
    }

    /** Notes that a participant was admitted, for the meeting's attendance (the first admission counts). */
    void attended(String meetingId, String participantId, String displayName) {
        var now = clock.instant();
        try {
            db.jdbi().useTransaction(h -> attendance.attended(h, meetingId, participantId, displayName, now));
        } catch (RuntimeException e) {
            // Bookkeeping only: the participant is in already, and a join must not fail over a count.
            LOG.warn("Attendance of {} in {} not stored: {}", participantId, meetingId, e.toString());
        }
    }

    /** Stores the bans in one transaction; when this returns they survive the room and a restart. */
    void ban(String meetingId, List<BanSubject> subjects, String displayName, String bannedBy) {
        var now = clock.instant();
        db.jdbi().useTransaction(h -> {
            for (BanSubject s : subjects) {
                bans.insert(h, new BanRecord(meetingId, s.kind().stored(), s.value(), displayName, bannedBy, now));
            }
        });
    }

    /** A main room's state kept across a crash: the hosts' policy changes (empty if none) and the public chat. */
    record LiveState(Optional<RoomPolicy.PolicyChange> policy, List<ChatMessage> chat, long lastChatSeq) {
        static final LiveState NONE = new LiveState(Optional.empty(), List.of(), 0);
    }

    /**
     * What the meeting's main room held when the process stopped without closing it (a crash):
     * nothing when it closed normally. A database error reads as nothing (the room opens afresh).
     */
    LiveState restore(String meetingId, int chatLimit) {
        try {
            return db.jdbi().withHandle(h -> {
                Optional<RoomPolicy.PolicyChange> policy = live.policy(h, meetingId).map(RoomRecords::policyFromJson);
                List<LiveStateDao.ChatRow> rows = live.chat(h, meetingId, chatLimit);
                List<ChatMessage> chat = rows.stream()
                        .map(r -> new ChatMessage(r.id(), r.fromId(), r.fromName(), null, r.text(), r.sentAt())).toList();
                return new LiveState(policy, chat, rows.isEmpty() ? 0 : rows.getLast().seq());
            });
        } catch (RuntimeException e) {
            LOG.warn("Live state of meeting {} not read back: {}", meetingId, e.toString());
            return LiveState.NONE;
        }
    }

    /**
     * Keeps the main room's policy. Best effort, like attendance: when the database is down the
     * meeting goes on with the change, which then lasts only as long as the process.
     */
    void policy(String meetingId, RoomPolicy p) {
        var change = new RoomPolicy.PolicyChange(p.locked(), p.allowUnmute(), p.screenShareAllowed(), p.chatEnabled(),
                p.privateChatEnabled(), p.membersSkipWaiting(), p.waitingRoom(), p.muteOnEntry(), p.webinar());
        var now = clock.instant();
        try {
            String json = JSON.writeValueAsString(change);
            db.jdbi().useTransaction(h -> live.savePolicy(h, meetingId, json, now));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Policy of meeting {} not stored: {}", meetingId, e.toString());
        }
    }

    /**
     * Keeps a public chat message of the main room, number {@code seq} in its order. Best effort, as
     * {@link #policy}; called without the room's monitor, so a slow database holds up only the sender.
     */
    void chat(String meetingId, long seq, ChatMessage m) {
        try {
            db.jdbi().useTransaction(h -> live.insertChat(h,
                    new LiveStateDao.ChatRow(m.id(), meetingId, seq, m.from(), m.fromName(), m.text(), m.at())));
        } catch (RuntimeException e) {
            LOG.warn("Chat message in meeting {} not stored: {}", meetingId, e.toString());
        }
    }

    /** Forgets the main room's kept state: its live meeting closed (everyone left, or it ended). */
    void forget(String meetingId) {
        try {
            db.jdbi().useTransaction(h -> live.clear(h, meetingId));
        } catch (RuntimeException e) {
            LOG.warn("Live state of meeting {} not deleted: {}", meetingId, e.toString());
        }
    }

    private static RoomPolicy.PolicyChange policyFromJson(String json) {
        try {
            return JSON.readValue(json, RoomPolicy.PolicyChange.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable live policy: " + e.getOriginalMessage(), e);
        }
    }
}
