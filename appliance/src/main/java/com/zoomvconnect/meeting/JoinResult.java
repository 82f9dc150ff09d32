package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;

/** An admitted join: the grant and the signed token that carries it to the signaling endpoint. */
public record JoinResult(JoinGrant grant, String token, long expiresIn, boolean muteOnEntry, boolean waitingRoom) {
}
