package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.store.AuditDao;
import com.zoomvconnect.store.AuditRecord;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Records moderation actions and shows them to the meeting's host, co-hosts and administrators. */
public final class ModerationAudit {
    private final Database db;
    private final AuditDao audit = new AuditDao();
    private final MeetingDao meetings = new MeetingDao();
    private final Clock clock;

    public ModerationAudit(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** One entry, in its own transaction. */
    public void record(String meetingId, String actorId, String actorName, String action, String targetId,
                       String targetName, String detail) {
        var r = new AuditRecord(UUID.randomUUID().toString(), meetingId, clock.instant(), actorId, actorName, action,
                targetId, targetName, detail);
        db.jdbi().useTransaction(h -> audit.insert(h, r));
    }

    public List<AuditRecord> read(Principal caller, String meetingId, int limit) {
        return db.jdbi().withHandle(h -> {
            MeetingRecord m = meetings.findById(h, meetingId).orElseThrow(() -> AppException.notFound("Meeting"));
            boolean cohost = meetings.inviteeRole(h, m.id(), caller.userId()).filter("cohost"::equals).isPresent();
            if (!m.hostId().equals(caller.userId()) && !cohost && !caller.isAdmin()) {
                throw AppException.forbidden("Only the meeting's host can read its audit log");
            }
            return audit.list(h, meetingId, limit);
        });
    }
}
