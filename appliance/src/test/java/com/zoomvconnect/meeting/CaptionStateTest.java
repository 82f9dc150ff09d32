package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaptionStateTest {
    private static CaptionLine line(String who, String text, long at) {
        return new CaptionLine(who, who.toUpperCase(java.util.Locale.ROOT), text, at, at + 900);
    }

    @Test
    void aLateJoinerLearnsCaptionsAreOnWithTheLastLines() {
        var room = new RoomParts();
        var ann = room.in(guest("ann"));
        room.run(out -> room.captions.show("ann", true, out));
        room.run(out -> room.captions.set(true, out));
        var said = line("ann", "the budget is ready", 1_000);
        room.run(out -> room.captions.caption(said, out));

        var bob = (Admission.Admitted) room.enter(guest("bob"));

        assertEquals(new CaptionsView(true, false, List.of(said)), bob.captions());
        assertEquals(new RoomEvent.Caption(said), ann.last(RoomEvent.Caption.class));
        assertTrue(room.link("bob").events(RoomEvent.Caption.class).isEmpty(), "lines go only to those who show captions");
    }

    @Test
    void someoneWhoShowedCaptionsAndComesBackIsStillShownThem() {
        var room = new RoomParts();
        room.in(guest("ann"));
        room.run(out -> room.captions.set(true, out));
        room.run(out -> room.captions.show("ann", true, out));
        room.act(out -> room.entrance.leave("ann", room.link("ann"), out));

        var again = (Admission.Admitted) room.enter(guest("ann"));

        assertTrue(again.captions().on());
        assertTrue(again.captions().shown());
    }

    @Test
    void keepsOnlyTheRecentLinesAndNoneOnceCaptionsAreOff() {
        var room = new RoomParts();
        room.in(guest("ann"));
        room.run(out -> room.captions.set(true, out));
        IntStream.range(0, CaptionState.RECENT + 5).forEach(i -> room.run(out -> room.captions.caption(line("ann", "line " + i, i), out)));

        List<CaptionLine> recent = room.captions.view("bob").recent();
        assertEquals(CaptionState.RECENT, recent.size());
        assertEquals("line 5", recent.get(0).text());
        assertEquals("line " + (CaptionState.RECENT + 4), recent.get(recent.size() - 1).text());

        room.run(out -> room.captions.set(false, out));
        assertEquals(new CaptionsView(false, false, List.of()), room.captions.view("bob"));
        room.run(out -> room.captions.set(true, out));
        assertFalse(room.captions.view("bob").recent().iterator().hasNext(), "turned on anew: a fresh start");
    }
}
