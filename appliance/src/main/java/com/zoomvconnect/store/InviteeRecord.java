package com.zoomvconnect.store;

/**
 * Someone invited to a meeting, with the role they get on joining. {@code userId} is the account
 * that had {@code email} when the host invited it; the invitation grants its role to that account
 * only. It is null only for invitations made before invitations were bound to accounts whose
 * address had no account then: those grant nothing.
 */
public record InviteeRecord(String meetingId, String email, String role, String userId) {
    public static final String COHOST = "cohost";
    public static final String ATTENDEE = "attendee";
}
