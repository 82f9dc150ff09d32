package com.zoomvconnect.media.sfu;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A large fan-out run by every thread that forwards, each taking whatever is left, instead of cut into
 * one fixed share per thread ({@link Forwarder}). A track's down-tracks fall into {@link #GROUPS} groups
 * ({@link DownTrack#lane} modulo); a packet becomes a job in every group's queue, and a group with jobs
 * waits in one ready queue that the receiving worker and the other workers ({@link FanOutHelpers}) all
 * take from. A worker that is late to start (descheduled, or reading its own socket) so holds up one
 * group's copies, not a fixed half of them: the others take the rest (docs/performance.md, "Shares
 * against groups").
 *
 * <p>Order: a group is run by one thread at a time, one job at a time in the order the jobs came, and
 * the thread sends what it wrote for the group ({@link FanOutHelpers#sent}) before it lets the group go;
 * a down-track is in one group for good. So every subscriber gets a publisher's packets in order.
 */
final class SharedFanOut {
    /** Groups per track: at a fan-out of 1 000, ~62 copies each, one {@code sendmmsg} batch. */
    static final int GROUPS = 16;
    /** Jobs that may wait in one group; a packet beyond that skips the group, counted as {@link DropReason#FAN_OUT_OVERLOAD}. */
    static final int QUEUE = 4096;

    /** What a packet asks of each down-track of a group. */
    interface Job {
        /** Runs for one down-track, with the running thread's scratch array. */
        void run(DownTrack d, byte[] out);

        /** When the packet was read ({@link System#nanoTime}), or {@link Long#MAX_VALUE} if it must run however late. */
        long readAt();
    }

    /** One group of a track's down-tracks: its queue of jobs, and whether it is in the ready queue or being run. */
    static final class Group {
        final UpTrack track;
        final int index;
        final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
        final AtomicInteger queued = new AtomicInteger();
        /** True from the moment the group is put in the ready queue until the thread that ran a job of it lets it go. */
        final AtomicBoolean taken = new AtomicBoolean();

        Group(UpTrack track, int index) {
            this.track = track;
            this.index = index;
        }
    }

    private final ConcurrentLinkedQueue<Group> ready = new ConcurrentLinkedQueue<>();
    private final FanOutHelpers helpers;
    private final SfuCounters counters;
    private final ThreadLocal<byte[]> scratch;
    /** How old a job may be when a thread gets to it ({@link Forwarder#maxShareAgeNanos}). */
    private final LongSupplier maxAgeNanos;
    private final Runnable drain = this::drain;

    SharedFanOut(FanOutHelpers helpers, SfuCounters counters, ThreadLocal<byte[]> scratch, LongSupplier maxAgeNanos) {
        this.helpers = helpers;
        this.counters = counters;
        this.scratch = scratch;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * Queues {@code job} in every group of {@code up}, wakes the other threads that forward, and runs
     * groups on this thread until none is ready, if this thread may ({@link FanOutHelpers#runsHere}).
     */
    void submit(UpTrack up, Job job) {
        for (Group g : up.groups()) {
            if (g.queued.incrementAndGet() > QUEUE) {
                g.queued.decrementAndGet();
                counters.drop(DropReason.FAN_OUT_OVERLOAD);
                continue;
            }
            g.jobs.offer(job);
            if (g.taken.compareAndSet(false, true)) {
                ready.offer(g);
            }
        }
        helpers.wake(drain);
        if (helpers.runsHere()) {
            drain();
        }
    }

    /** Runs ready groups, a job each, until none is left. */
    void drain() {
        byte[] out = scratch.get();
        for (Group g; (g = ready.poll()) != null; ) {
            run(g, out);
        }
    }

    private void run(Group g, byte[] out) {
        Job job = g.jobs.poll();
        if (job != null) {
            g.queued.decrementAndGet();
            long readAt = job.readAt();
            if (readAt != Long.MAX_VALUE && System.nanoTime() - readAt > maxAgeNanos.getAsLong()) {
                counters.drop(DropReason.FAN_OUT_OVERLOAD);
            } else {
                for (DownTrack d : g.track.groupMembers(g.index)) {
                    job.run(d, out);
                }
                helpers.sent();
            }
        }
        // A job queued while this one ran found the group taken: put the group back for it.
        g.taken.set(false);
        if (!g.jobs.isEmpty() && g.taken.compareAndSet(false, true)) {
            ready.offer(g);
        }
    }
}
