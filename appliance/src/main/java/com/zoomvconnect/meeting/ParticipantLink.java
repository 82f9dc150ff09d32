package com.zoomvconnect.meeting;

/** How a room reaches one participant (their signaling connection). Implementations must not block. */
public interface ParticipantLink {
    void deliver(RoomEvent event);

    /** A waiting entrant was admitted (or denied, as {@link Admission.Refused}). */
    void admission(Admission admission);

    /** Closes the participant's connection, telling them why. */
    void disconnect(String reason);

    /**
     * The participant was moved to another room of the same meeting (a breakout, or back to the
     * main room): from now on {@code to} is their room, and {@code state} is what they see there.
     * The default ignores it, for links that never move (tests of one room).
     */
    default void moved(Room to, String roomName, Admission.Admitted state) {
    }
}
