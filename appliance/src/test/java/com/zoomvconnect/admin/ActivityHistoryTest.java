package com.zoomvconnect.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.store.ActivitySample;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's history on a real (in-memory H2) database, driven by a clock the test moves. */
class ActivityHistoryTest {
    private Database db;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final AtomicReference<ActivityHistory.Reading> reading =
            new AtomicReference<>(new ActivityHistory.Reading(0, 0, 0, 0, 0, 0, 0));

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseConfig("jdbc:h2:mem:history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSampleHoldsCountsNowAndRatesOverTheMinuteSinceThePreviousOne() {
        var history = new ActivityHistory(db, clock, reading::get);
        clock.advance(Duration.ofMinutes(1));
        // 6000 packets in (of 6100 expected), 18000 out, 7.5 MB in and 22.5 MB out in 60 s.
        reading.set(new ActivityHistory.Reading(4, 2, 6000, 18000, 7_500_000, 22_500_000, 6100));
        ActivitySample s = history.sample();
        assertEquals(new ActivitySample(clock.instant(), 4, 2, 1_000_000, 3_000_000, 100, 300, 1.6), s);

        clock.advance(Duration.ofMinutes(1)); // nothing moved since: rates fall to zero, counts stay
        ActivitySample idle = history.sample();
        assertEquals(new ActivitySample(clock.instant(), 4, 2, 0, 0, 0, 0, 0), idle);
        assertEquals(List.of(s, idle), history.recent());
    }

    @Test
    void samplesOlderThanADayAreDeletedWhenTheNextIsTaken() {
        var history = new ActivityHistory(db, clock, reading::get);
        clock.advance(Duration.ofMinutes(1));
        ActivitySample first = history.sample();
        clock.advance(Duration.ofHours(23));
        ActivitySample second = history.sample();
        assertEquals(List.of(first, second), history.recent());
        clock.advance(Duration.ofMinutes(61)); // the first is now 24 h 1 min old
        ActivitySample third = history.sample();
        assertEquals(List.of(second, third), history.recent());
        long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM activity_samples").mapTo(Long.class).one());
        assertEquals(2, rows, "the old row is gone from the table, not only from the answer");
    }
}
