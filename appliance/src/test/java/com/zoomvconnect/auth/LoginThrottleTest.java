package com.zoomvconnect.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void blocksAfterMaxFailuresUntilTheWindowPasses() {
        var clock = new ManualClock();
        var t = new LoginThrottle(Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> t.check("k", 3));
            t.recordFailure("k");
            clock.now = clock.now.plusSeconds(60);
        }
        AppException e = assertThrows(AppException.class, () -> t.check("k", 3));
        assertEquals(ErrorCode.RATE_LIMITED, e.errorCode());
        assertEquals(12 * 60 + 1, e.retryAfter().orElseThrow().toSeconds(), "until the first failure ages out");
        clock.now = clock.now.plus(Duration.ofMinutes(12)).plusSeconds(1);
        assertDoesNotThrow(() -> t.check("k", 3));
    }

    @Test
    void keysAreIndependentAndResetClears() {
        var t = new LoginThrottle(Duration.ofMinutes(15), new ManualClock());
        t.recordFailure("a");
        t.recordFailure("a");
        assertThrows(AppException.class, () -> t.check("a", 2));
        assertDoesNotThrow(() -> t.check("b", 2));
        t.reset("a");
        assertDoesNotThrow(() -> t.check("a", 2));
    }
}
