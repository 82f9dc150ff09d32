package com.zoomvconnect.meeting;

import java.util.List;

/**
 * The breakout rooms as everyone in the meeting sees them: the plan ({@code participants}: who is
 * assigned to each room), who is in it now ({@code present}), and the timer.
 *
 * @param endsAt    when the timer runs out (epoch millis), or null without a timer or when closed
 * @param closingAt when everyone returns to the main room (epoch millis), or null unless closing
 */
public record BreakoutsView(boolean open, boolean allowChoose, List<RoomView> rooms, List<String> unassigned,
                           Long endsAt, Long closingAt, Integer durationSeconds, int graceSeconds) {
    /** One breakout room: its plan and who is in it now. */
    public record RoomView(String id, String name, List<String> participants, List<String> present) {
    }
}
