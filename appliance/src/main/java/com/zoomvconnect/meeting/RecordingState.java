package com.zoomvconnect.meeting;

/**
 * Whether the room is being recorded, as everyone present is told (and late joiners on entry).
 * Used under the room's monitor; events go to the room's outbox.
 */
final class RecordingState {
    private final Roster roster;
    private RecordingStatus status = RecordingStatus.OFF;

    RecordingState(Roster roster) {
        this.roster = roster;
    }

    void set(RecordingStatus next, RoomOutbox out) {
        status = next;
        out.send(roster.all(), new RoomEvent.RecordingChanged(next));
    }

    RecordingStatus status() {
        return status;
    }
}
