package com.zoomvconnect.signal;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.auth.TokenService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may open or take back a signaling session. A join token opens one session only: a second
 * socket presenting it is refused, so a token seen by someone else (a log, a shared screen) cannot
 * take over the participant. Each admitted session gets a random resume secret that only its own
 * client learns (in {@code welcome}); presenting it on a new socket takes the session back once —
 * the automatic rejoin after a network blip — and the new session gets a new secret.
 * <p>
 * In memory, like the rooms: a restart ends every session anyway. Only hashes of secrets are kept.
 */
final class JoinSessions {
    /** How long after its socket ends a session can still be resumed. */
    static final Duration RESUME_WINDOW = Duration.ofMinutes(2);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Ids of join tokens already used, until the token would have expired anyway. */
    private final Map<String, Instant> usedTokens = new ConcurrentHashMap<>();
    /** Resume secret hash → the session's grant and until when it may be resumed. */
    private final Map<String, Resumable> resumable = new ConcurrentHashMap<>();

    private record Resumable(JoinGrant grant, Instant until) {
    }

    JoinSessions(Clock clock) {
        this.clock = clock;
    }

    /** True the first time a token id is presented; false ever after (until it has expired). */
    boolean claim(String tokenId, Instant expiresAt) {
        Instant now = clock.instant();
        usedTokens.values().removeIf(exp -> exp.isBefore(now));
        return usedTokens.putIfAbsent(tokenId, expiresAt) == null;
    }

    /**
     * A new resume secret for an admitted session, valid while the session lasts. Forgets the secrets
     * whose window has passed: without a resume to prune them, every session that ever ended would stay.
     */
    String issue(JoinGrant grant) {
        Instant now = clock.instant();
        resumable.values().removeIf(r -> r.until().isBefore(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        resumable.put(TokenService.hashRefreshToken(secret), new Resumable(grant, Instant.MAX));
        return secret;
    }

    /** The session's socket ended: its secret stays good for {@link #RESUME_WINDOW}. */
    void ended(String secret) {
        Instant until = clock.instant().plus(RESUME_WINDOW);
        resumable.computeIfPresent(TokenService.hashRefreshToken(secret), (k, r) -> new Resumable(r.grant(), until));
    }

    /** The session was taken over by another join of the same person: it does not come back. */
    void revoke(String secret) {
        resumable.remove(TokenService.hashRefreshToken(secret));
    }

    /** Secrets held now: sessions that last, and ended ones within their window (for tests). */
    int held() {
        return resumable.size();
    }

    /** The grant of the session this secret belongs to, once; empty if unknown, used or too old. */
    Optional<JoinGrant> resume(String secret) {
        Instant now = clock.instant();
        resumable.values().removeIf(r -> r.until().isBefore(now));
        Resumable r = resumable.remove(TokenService.hashRefreshToken(secret));
        return r == null || r.until().isBefore(now) ? Optional.empty() : Optional.of(r.grant());
    }
}
