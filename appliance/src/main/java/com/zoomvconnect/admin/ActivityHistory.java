package com.zoomvconnect.admin;

import com.zoomvconnect.store.ActivityDao;
import com.zoomvconnect.store.ActivitySample;
import com.zoomvconnect.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history behind the dashboard's charts, kept by the appliance itself: every minute one
 * {@link ActivitySample} (counts now, rates over the minute since the previous sample) goes into
 * the database, and samples older than {@link #RETENTION} are deleted, so the table holds about
 * 1440 rows. Sampling is serialised on this object; the timer is one daemon thread.
 */
public final class ActivityHistory implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(ActivityHistory.class);

    /**
     * What the sampler reads: counts now and the SFU's running totals since it started.
     *
     * @param packetsExpected publisher sequence numbers expected (RFC 3550 §A.3), against {@code packetsIn} for loss
     */
    public record Reading(int participants, int liveMeetings, long packetsIn, long packetsOut, long bytesIn, long bytesOut,
                          long packetsExpected) {
    }

    private final Database db;
    private final Clock clock;
    private final Supplier<Reading> source;
    private final ActivityDao dao = new ActivityDao();
    private ScheduledExecutorService timer;
    private Reading previous;
    private Instant previousAt;

    /** A history whose first sample's rates count from now; {@link #start} schedules the sampling. */
    public ActivityHistory(Database db, Clock clock, Supplier<Reading> source) {
        this.db = db;
        this.clock = clock;
        this.source = source;
        this.previous = source.get();
        this.previousAt = clock.instant();
    }

    /** Samples every {@link #INTERVAL} on a daemon thread until {@link #close}. */
    public synchronized ActivityHistory start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("activity-history").daemon().factory());
        long period = INTERVAL.toMillis();
        timer.scheduleAtFixedRate(this::sampleQuietly, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Takes a sample now, stores it and deletes what has passed {@link #RETENTION}; returns the sample. */
    public synchronized ActivitySample sample() {
        Instant now = clock.instant();
        Reading r = source.get();
        double seconds = Math.max(1, Duration.between(previousAt, now).toMillis()) / 1000.0;
        long expected = r.packetsExpected() - previous.packetsExpected();
        long received = r.packetsIn() - previous.packetsIn();
        double loss = expected <= 0 ? 0 : Math.max(0, expected - received) * 100.0 / expected;
        var s = new ActivitySample(now, r.participants(), r.liveMeetings(),
                (long) ((r.bytesIn() - previous.bytesIn()) * 8 / seconds), (long) ((r.bytesOut() - previous.bytesOut()) * 8 / seconds),
                round(received / seconds), round((r.packetsOut() - previous.packetsOut()) / seconds), round(loss));
        db.jdbi().useTransaction(h -> {
            dao.deleteBefore(h, now.minus(RETENTION));
            dao.insert(h, s);
        });
        previous = r;
        previousAt = now;
        return s;
    }

    /** The samples of the last {@link #RETENTION}, oldest first. */
    public List<ActivitySample> recent() {
        Instant from = clock.instant().minus(RETENTION);
        return db.jdbi().withHandle(h -> dao.since(h, from));
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A dead timer would end the history for good: log, and try again next minute.
            LOG.warn("Activity sample not stored: {}", e.toString());
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
