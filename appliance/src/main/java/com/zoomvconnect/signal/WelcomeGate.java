package com.zoomvconnect.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps a connection's room events behind its welcome. A room admits a participant under its
 * monitor, but the welcome (with the others present at that moment) goes out afterwards, on the
 * joining thread and after a database write: someone admitted in between is announced to the new
 * participant at once, and a {@code participantJoined} that overtook the welcome was lost, because
 * the client takes the welcome's older list as the room. Seen when a cluster node died and its
 * participants all rejoined on another node at the same moment (HaproxyFrontTest): one page never
 * showed the other. The media session's messages (subscribe offers) wait here as well: the SFU asks
 * for an offer as soon as the participant is attached, and the client opens its media session on the
 * welcome, so an offer ahead of it went unanswered and the SFU offered nothing more (HaproxyFrontTest
 * under load: one page never received the other's tracks). Threading: any thread; messages leave in
 * the order they were given.
 */
final class WelcomeGate {
    /** Events held until the welcome (their text); null once it was sent. */
    private List<String> held = new ArrayList<>();

    /** Sends {@code m} (a message's text) through {@code out} now if the welcome went out, else after it. */
    synchronized void send(String m, Consumer<String> out) {
        if (held != null) {
            held.add(m);
        } else {
            out.accept(m);
        }
    }

    /** Sends the welcome, then what was held for after it. */
    synchronized void open(String welcome, Consumer<String> out) {
        out.accept(welcome);
        if (held != null) {
            held.forEach(out);
            held = null;
        }
    }
}
