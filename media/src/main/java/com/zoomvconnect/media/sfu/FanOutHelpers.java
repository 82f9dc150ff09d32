package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.net.UdpEndpoint;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the shares of a large fan-out beyond the receiving worker's own run ({@link Forwarder}):
 * share {@code i} (1 to {@link #count()}) of a packet worker {@code w} received runs on one thread,
 * first in, first out, so each down-track's copies leave in packet order. A share finds at most
 * {@link #QUEUE} shares waiting before it on its thread; a share beyond that is dropped and counted
 * ({@link DropReason#FAN_OUT_OVERLOAD}).
 */
abstract sealed class FanOutHelpers implements AutoCloseable {
    /** Shares that may wait for one helper. */
    static final int QUEUE = 4096;

    /** Helpers per packet: one fewer than the shares. */
    abstract int count();

    /** Runs {@code task}, share {@code share} of a packet that worker {@code worker} (or -1: another thread) received. */
    abstract void execute(int share, int worker, Runnable task);

    @Override
    public abstract void close();

    /** NIO sockets: a thread of its own per share ({@code media-fanout-N}), sending on socket {@code worker + share}. */
    static FanOutHelpers threads(int helpers, SfuCounters counters) {
        return new Threads(helpers, counters);
    }

    /** Batch mode: share {@code i} of worker {@code w}'s packet runs on worker {@code w + i}, whose sends batch. */
    static FanOutHelpers workers(UdpEndpoint udp, SfuCounters counters) {
        return new Workers(udp, counters);
    }

    private static final class Threads extends FanOutHelpers {
        private final ThreadPoolExecutor[] helpers;

        Threads(int n, SfuCounters counters) {
            helpers = new ThreadPoolExecutor[Math.max(0, n)];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                        Thread.ofPlatform().name("media-fanout-" + (i + 1)).daemon().factory(),
                        (task, pool) -> counters.drop(DropReason.FAN_OUT_OVERLOAD));
            }
        }

        @Override
        int count() {
            return helpers.length;
        }

        @Override
        void execute(int share, int worker, Runnable task) {
            helpers[share - 1].execute(task);
        }

        @Override
        public void close() {
            for (ThreadPoolExecutor h : helpers) {
                h.shutdownNow();
            }
        }
    }

    private static final class Workers extends FanOutHelpers {
        private final UdpEndpoint udp;
        private final SfuCounters counters;
        /** Shares queued for each worker and not yet run. */
        private final AtomicInteger[] queued;

        Workers(UdpEndpoint udp, SfuCounters counters) {
            this.udp = udp;
            this.counters = counters;
            this.queued = new AtomicInteger[udp.workers()];
            for (int i = 0; i < queued.length; i++) {
                queued[i] = new AtomicInteger();
            }
        }

        @Override
        int count() {
            return queued.length - 1;
        }

        @Override
        void execute(int share, int worker, Runnable task) {
            int target = Math.floorMod(Math.max(0, worker) + share, queued.length);
            AtomicInteger q = queued[target];
            if (q.incrementAndGet() > QUEUE) {
                q.decrementAndGet();
                counters.drop(DropReason.FAN_OUT_OVERLOAD);
                return;
            }
            udp.executeOnWorker(target, () -> {
                q.decrementAndGet();
                task.run();
            });
        }

        @Override
        public void close() {
            // the workers are the media port's; it stops them
        }
    }
}
