package com.zoomvconnect.auth;

/**
 * What a verified join token allows: this identity may enter this meeting with this role.
 *
 * @param participantId the user id, or {@code guest-<uuid>} for guests
 * @param meetingRole   {@code host}, {@code cohost} or {@code attendee}
 */
public record JoinGrant(String meetingId, String participantId, String displayName, String meetingRole,
                        boolean guest) {
}
