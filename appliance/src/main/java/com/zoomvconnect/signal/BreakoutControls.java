package com.zoomvconnect.signal;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.Breakouts;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.meeting.Room;
import java.time.Duration;
import java.util.List;

/**
 * Breakout commands arriving on a signaling socket: each becomes a call on the meeting's
 * {@link Breakouts} (which checks the sender's role and the state, and refuses otherwise); host
 * actions that succeed get an audit log entry, as {@link HostControls} does for the others.
 */
final class BreakoutControls {

    private final ModerationAudit audit;

    BreakoutControls(ModerationAudit audit) {
        this.audit = audit;
    }

    void apply(LiveMeeting meeting, Room room, JoinGrant grant, ClientMessage.Breakout message) {
        Breakouts b = meeting.breakouts();
        String me = grant.participantId();
        String action;
        String target = null;
        String detail = null;
        switch (message) {
            case ClientMessage.BreakoutsConfigure m -> {
                List<String> names = m.rooms() == null ? null
                        : m.rooms().stream().map(r -> r == null ? null : r.name()).toList();
                Integer grace = m.graceSeconds();
                b.configure(me, new Breakouts.Plan(names, Boolean.TRUE.equals(m.allowChoose()),
                        m.durationSeconds() == null ? null : Duration.ofSeconds(m.durationSeconds()),
                        Duration.ofSeconds(grace == null ? 0 : grace)));
                action = "breakouts_configure";
                detail = names.size() + " rooms, allowChoose=" + Boolean.TRUE.equals(m.allowChoose())
                        + ", durationSeconds=" + m.durationSeconds() + ", graceSeconds=" + grace;
            }
            case ClientMessage.BreakoutsAssign m -> {
                b.assign(me, HostControls.required(m.participantId(), "participantId"), HostControls.required(m.roomId(), "roomId"));
                action = "breakouts_assign";
                target = m.participantId();
                detail = "to " + m.roomId();
            }
            case ClientMessage.BreakoutsAutoAssign m -> {
                b.autoAssign(me);
                action = "breakouts_auto_assign";
            }
            case ClientMessage.BreakoutsOpen m -> {
                b.open(me);
                action = "breakouts_open";
            }
            case ClientMessage.BreakoutsClose m -> {
                b.close(me);
                action = "breakouts_close";
            }
            case ClientMessage.BreakoutsBroadcast m -> {
                b.broadcast(me, m.text());
                action = "breakouts_broadcast";
                detail = m.text();
            }
            case ClientMessage.BreakoutsJoin m -> {
                b.join(me, HostControls.required(m.roomId(), "roomId"));
                return; // a move of one's own, not a host action
            }
            case ClientMessage.BreakoutsReturn m -> {
                b.returnToMain(me);
                return;
            }
            case ClientMessage.BreakoutsHelp m -> {
                b.requestHelp(me);
                return;
            }
        }
        HostControls.recordAudit(audit, room, grant, action, target, null, detail);
    }
}
