package com.zoomvconnect.meeting;

/** How a room reaches one participant (their signaling connection). Implementations must not block. */
public interface ParticipantLink {
    void deliver(RoomEvent event);

    /** A waiting entrant was admitted (or denied, as {@link Admission.Refused}). */
    void admission(Admission admission);

    /** Closes the participant's connection, telling them why. */
    void disconnect(String reason);
}
