package com.zoomvconnect.api;

import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingRole;
import com.zoomvconnect.meeting.MeetingService;

/**
 * Who may drive a meeting's live controls (recording, breakout rooms) over REST: its owner, an
 * administrator, or whoever is host or co-host in any of its rooms right now, which includes a
 * participant the host promoted during the meeting without inviting them.
 */
final class MeetingControl {
    private MeetingControl() {
    }

    /** Whether {@code caller} may control meeting {@code meetingId}; 404 for no such meeting, 403 for a stranger. */
    static boolean allowed(Principal caller, String meetingId, MeetingService meetings, LiveMeetings live) {
        boolean moderatorNow = live.meeting(meetingId).flatMap(m -> m.roleOf(caller.userId()))
                .map(role -> MeetingRole.fromWire(role).canModerate()).orElse(false);
        if (moderatorNow) {
            return true;
        }
        var meeting = meetings.get(caller, meetingId); // 404, or 403 for someone with no part in it
        return caller.userId().equals(meeting.hostId()) || caller.isAdmin();
    }
}
