package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingStateTest {
    @Test
    void everyoneIsToldAndLateJoinersLearnItOnEntry() {
        var room = new RoomParts();
        var ann = room.in(guest("ann"));
        var on = new RecordingStatus(true, "r1", room.clock.instant(), "Ann");

        room.run(out -> room.recording.set(on, out));

        assertEquals(List.of(new RoomEvent.RecordingChanged(on)), ann.events);
        assertEquals(on, ((Admission.Admitted) room.enter(guest("bob"))).recording());
        room.run(out -> room.recording.set(RecordingStatus.OFF, out));
        assertEquals(RecordingStatus.OFF, room.recording.status());
        assertEquals(new RoomEvent.RecordingChanged(RecordingStatus.OFF), room.link("bob").last(RoomEvent.RecordingChanged.class));
    }
}
