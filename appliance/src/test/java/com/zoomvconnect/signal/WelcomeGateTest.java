package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room's events and the welcome through the gate (as texts: the gate does not look inside). */
class WelcomeGateTest {
    private final List<String> sent = new ArrayList<>();
    private final WelcomeGate gate = new WelcomeGate();

    private void send(String m) {
        sent.add(m);
    }

    @Test
    void holdsEventsGivenBeforeTheWelcomeAndSendsThemAfterItInOrder() {
        gate.send("ParticipantLeft a", this::send);
        gate.send("ParticipantLeft b", this::send);
        assertEquals(List.of(), sent, "nothing before the welcome");
        gate.open("Welcome", this::send);
        assertEquals(List.of("Welcome", "ParticipantLeft a", "ParticipantLeft b"), sent);
    }

    @Test
    void sendsAtOnceAfterTheWelcome() {
        gate.open("Welcome", this::send);
        gate.send("ParticipantLeft a", this::send);
        assertEquals(List.of("Welcome", "ParticipantLeft a"), sent);
    }
}
