package com.zoomvconnect.meeting;

import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries a room decides under its monitor and makes after releasing it, in the order
 * decided: a slow participant's link never holds the room up.
 */
final class RoomOutbox {
    private final List<Runnable> actions = new ArrayList<>();

    void send(ParticipantLink link, RoomEvent e) {
        actions.add(() -> link.deliver(e));
    }

    void send(Iterable<Member> to, RoomEvent e) {
        for (Member m : to) {
            send(m.link, e);
        }
    }

    void run(Runnable r) {
        actions.add(r);
    }

    /** Runs {@code r} before every delivery decided so far (still after the monitor is released). */
    void first(Runnable r) {
        actions.addFirst(r);
    }

    /** Call without the room's monitor held. */
    void flush() {
        actions.forEach(Runnable::run);
        actions.clear();
    }
}
