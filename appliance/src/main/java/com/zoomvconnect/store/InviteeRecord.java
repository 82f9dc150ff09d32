package com.zoomvconnect.store;

/** Someone invited to a meeting, by email, with the role they get on joining. */
public record InviteeRecord(String meetingId, String email, String role) {
    public static final String COHOST = "cohost";
    public static final String ATTENDEE = "attendee";
}
