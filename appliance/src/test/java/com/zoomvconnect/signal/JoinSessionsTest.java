package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JoinSessionsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final JoinSessions sessions = new JoinSessions(clock);
    private final JoinGrant grant = new JoinGrant("m1", "guest-1", "Gus", "attendee", true);

    @Test
    void aTokenIdIsClaimedOnceUntilItExpires() {
        Instant exp = clock.instant().plusSeconds(120);
        assertTrue(sessions.claim("jti-1", exp));
        assertFalse(sessions.claim("jti-1", exp));
        assertTrue(sessions.claim("jti-2", exp));
        clock.set(exp.plusSeconds(1)); // expired tokens are forgotten (they fail verification anyway)
        assertTrue(sessions.claim("jti-3", clock.instant().plusSeconds(120)));
    }

    @Test
    void aSecretResumesOnceAndIsGoodWhileTheSessionLasts() {
        String secret = sessions.issue(grant);
        clock.set(clock.instant().plus(Duration.ofHours(3))); // a long meeting; the socket never dropped
        assertEquals(grant, sessions.resume(secret).orElseThrow());
        assertTrue(sessions.resume(secret).isEmpty(), "used up");
        assertNotEquals(secret, sessions.issue(grant), "every session gets its own");
    }

    @Test
    void aSecretLapsesTheResumeWindowAfterItsSocketEnded() {
        String kept = sessions.issue(grant);
        String lapsed = sessions.issue(grant);
        sessions.ended(kept);
        sessions.ended(lapsed);
        clock.set(clock.instant().plus(JoinSessions.RESUME_WINDOW).minusSeconds(1));
        assertTrue(sessions.resume(kept).isPresent());
        clock.set(clock.instant().plusSeconds(2));
        assertTrue(sessions.resume(lapsed).isEmpty());
    }

    @Test
    void aRevokedOrUnknownSecretResumesNothing() {
        String secret = sessions.issue(grant);
        sessions.revoke(secret);
        assertTrue(sessions.resume(secret).isEmpty());
        assertTrue(sessions.resume("made-up").isEmpty());
    }

    @Test
    void endedSessionsAreForgottenAfterTheirWindowEvenIfNobodyResumes() {
        String live = sessions.issue(grant);
        for (int i = 0; i < 100; i++) {
            sessions.ended(sessions.issue(grant));
        }
        assertEquals(101, sessions.held());
        clock.set(clock.instant().plus(JoinSessions.RESUME_WINDOW).plusSeconds(1));
        sessions.issue(grant); // the next join prunes what lapsed
        assertEquals(2, sessions.held(), "the session that lasts and the new one");
        assertEquals(grant, sessions.resume(live).orElseThrow());
    }
}
