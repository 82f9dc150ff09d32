package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void allowsTheBurstAtOnceThenRefuses() {
        var b = new TokenBucket(5, 20, now::get);
        for (int i = 0; i < 20; i++) {
            assertTrue(b.tryTake(), "token " + i);
        }
        assertFalse(b.tryTake());
        assertEquals(200, b.millisToNext());
    }

    @Test
    void refillsAtTheRateAndNeverBeyondTheBurst() {
        var b = new TokenBucket(5, 20, now::get);
        for (int i = 0; i < 20; i++) {
            b.tryTake();
        }
        advanceMillis(199);
        assertFalse(b.tryTake());
        advanceMillis(1);
        assertTrue(b.tryTake());
        assertFalse(b.tryTake());
        // A long quiet spell refills only up to the burst.
        advanceMillis(60_000);
        int taken = 0;
        while (b.tryTake()) {
            taken++;
        }
        assertEquals(20, taken);
    }

    @Test
    void aSteadySenderAtTheRateIsNeverRefused() {
        var b = new TokenBucket(5, 1, now::get);
        for (int i = 0; i < 100; i++) {
            assertTrue(b.tryTake(), "message " + i);
            assertEquals(200, b.millisToNext());
            advanceMillis(200);
            assertEquals(0, b.millisToNext());
        }
    }

    @Test
    void refusedAttemptsDoNotPushTheRefillBack() {
        var b = new TokenBucket(2, 2, now::get);
        assertTrue(b.tryTake());
        assertTrue(b.tryTake());
        for (int i = 0; i < 1000; i++) {
            assertFalse(b.tryTake());
        }
        advanceMillis(500);
        assertTrue(b.tryTake());
    }
}
