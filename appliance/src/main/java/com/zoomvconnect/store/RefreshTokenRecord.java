package com.zoomvconnect.store;

import java.time.Instant;

/**
 * A refresh token as stored: only the SHA-256 of the opaque token is kept. Tokens issued by
 * rotation share a {@code familyId}, so reuse of a spent one can revoke the whole chain.
 */
public record RefreshTokenRecord(String id, String userId, String familyId, String tokenHash, Instant createdAt,
                                 Instant expiresAt, Instant usedAt, Instant revokedAt) {
    public boolean isSpent() {
        return usedAt != null || revokedAt != null;
    }
}
