package com.zoomvconnect.auth;

import java.time.Instant;

/**
 * A verified join token: its grant, and the token's id and expiry, by which signaling lets each
 * token open one session only.
 */
public record JoinTicket(JoinGrant grant, String tokenId, Instant expiresAt) {
}
