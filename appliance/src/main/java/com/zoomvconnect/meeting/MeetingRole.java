package com.zoomvconnect.meeting;

/** A participant's role within one meeting. */
public enum MeetingRole {
    HOST("host"),
    COHOST("cohost"),
    /** In a webinar: may publish, may not moderate. */
    PANELIST("panelist"),
    ATTENDEE("attendee");

    private final String wire;

    MeetingRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean canModerate() {
        return this == HOST || this == COHOST;
    }

    /** Whether this role may send media when the meeting is a webinar. */
    public boolean canPresent() {
        return this != ATTENDEE;
    }

    public static MeetingRole fromWire(String s) {
        for (MeetingRole r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role " + s);
    }
}
