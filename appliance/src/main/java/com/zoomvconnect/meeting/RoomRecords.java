package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.AttendanceDao;
import com.zoomvconnect.store.BanDao;
import com.zoomvconnect.store.BanRecord;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What a live room keeps in the database, which outlives the room: whether its meeting may still
 * be entered, and who is banned from it. A join grant is signed once and used later; the meeting
 * may have ended, been cancelled or banned its bearer in between.
 */
public final class RoomRecords {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoomRecords.class);
    private final Database db;
    private final Clock clock;
    private final MeetingDao meetings = new MeetingDao();
    private final BanDao bans = new BanDao();
    private final AttendanceDao attendance = new AttendanceDao();

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
}
