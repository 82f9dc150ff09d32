package com.zoomvconnect.meeting;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the meeting is captioned (a host's choice, everyone is told) and who shows captions
 * (each participant's own choice; only they receive caption lines), and the last lines said, so
 * that someone who joins or comes back while captions are on learns it at once with what was
 * just said ({@link #view}). Used under the room's monitor; events go to the room's outbox.
 */
final class CaptionState {
    /** Lines kept for late joiners: about the last minute or two of conversation. */
    static final int RECENT = 20;

    private final Roster roster;
    private final Set<String> viewers = new HashSet<>();
    private final ArrayDeque<CaptionLine> recent = new ArrayDeque<>();
    private boolean on;

    CaptionState(Roster roster) {
        this.roster = roster;
    }

    void set(boolean next, RoomOutbox out) {
        if (next && !on) {
            recent.clear(); // captions turned on anew: what was said before is in the last transcript
        }
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

    /** What {@code participantId} learns on entering: the recent lines only while captions are on. */
    CaptionsView view(String participantId) {
        return new CaptionsView(on, viewers.contains(participantId), on ? List.copyOf(recent) : List.of());
    }

    void caption(CaptionLine line, RoomOutbox out) {
        recent.addLast(line);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
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
