package com.zoomvconnect.meeting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the meeting is captioned (a host's choice, everyone is told) and who shows captions
 * (each participant's own choice; only they receive caption lines). Used under the room's
 * monitor; events go to the room's outbox.
 */
final class CaptionState {
    private final Roster roster;
    private final Set<String> viewers = new HashSet<>();
    private boolean on;

    CaptionState(Roster roster) {
        this.roster = roster;
    }

    void set(boolean next, RoomOutbox out) {
        on = next;
        out.send(roster.all(), new RoomEvent.CaptionsChanged(next));
    }

    boolean on() {
        return on;
    }

    /** A participant shows (or hides) captions; they are told whether the meeting is captioned. */
    void show(String participantId, boolean show, RoomOutbox out) {
        Member m = roster.get(participantId);
        if (m == null) {
            return;
        }
        if (show) {
            viewers.add(participantId);
        } else {
            viewers.remove(participantId);
        }
        out.send(List.of(m), new RoomEvent.CaptionsChanged(on));
    }

    void caption(CaptionLine line, RoomOutbox out) {
        List<Member> to = new ArrayList<>();
        for (String id : viewers) {
            Member m = roster.get(id);
            if (m != null) {
                to.add(m);
            }
        }
        if (!to.isEmpty()) {
            out.send(to, new RoomEvent.Caption(line));
        }
    }
}
