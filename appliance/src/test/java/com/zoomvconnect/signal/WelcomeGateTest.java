package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room's events and the welcome through the gate (a Pong stands for the welcome: the gate does not look inside). */
class WelcomeGateTest {
    private final List<String> sent = new ArrayList<>();
    private final WelcomeGate gate = new WelcomeGate();

    private void send(ServerMessage m) {
        sent.add(m.getClass().getSimpleName() + (m instanceof ServerMessage.ParticipantLeft l ? " " + l.participantId() : ""));
    }

    @Test
    void holdsEventsGivenBeforeTheWelcomeAndSendsThemAfterItInOrder() {
        gate.send(new ServerMessage.ParticipantLeft("a", "left"), this::send);
        gate.send(new ServerMessage.ParticipantLeft("b", "left"), this::send);
        assertEquals(List.of(), sent, "nothing before the welcome");
        gate.open(new ServerMessage.Pong(), this::send);
        assertEquals(List.of("Pong", "ParticipantLeft a", "ParticipantLeft b"), sent);
    }

    @Test
    void sendsAtOnceAfterTheWelcome() {
        gate.open(new ServerMessage.Pong(), this::send);
        gate.send(new ServerMessage.ParticipantLeft("a", "left"), this::send);
        assertEquals(List.of("Pong", "ParticipantLeft a"), sent);
    }
}
