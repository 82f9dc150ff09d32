package com.zoomvconnect.meeting;

import java.time.Duration;

/** Runs a task after a delay (the breakout timer); tests drive a fake one with their clock. */
@FunctionalInterface
public interface MeetingTimer {
    /** Schedules {@code task} after {@code delay}; the returned action cancels it if it has not run. */
    Runnable schedule(Duration delay, Runnable task);

    /**
     * One virtual thread per scheduled task, sleeping until it is due: there is no pool to start
     * or stop, and the few breakout timers of a node cost nothing while they wait.
     */
    static MeetingTimer virtualThreads() {
        return (delay, task) -> {
            Thread t = Thread.ofVirtual().name("meeting-timer").start(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return; // cancelled
                }
                task.run();
            });
            return t::interrupt;
        };
    }
}
