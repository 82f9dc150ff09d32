package com.zoomvconnect.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InMemoryEventBusTest {
    @Test
    void refusesAPublishMadeInsideATransaction() {
        var inside = new AtomicBoolean(true);
        var bus = new InMemoryEventBus(inside::get);
        List<String> got = new ArrayList<>();
        bus.subscribe(String.class, got::add);
        var e = assertThrows(IllegalStateException.class, () -> bus.publish("early"));
        assertEquals(List.of(), got);
        assertEquals(true, e.getMessage().contains("after the commit"), e.getMessage());
        inside.set(false);
        bus.publish("committed");
        assertEquals(List.of("committed"), got);
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() {
        var bus = new InMemoryEventBus();
        List<Object> got = new ArrayList<>();
        bus.subscribe(String.class, s -> {
            throw new IllegalStateException("broken subscriber");
        });
        bus.subscribe(Object.class, got::add);
        bus.publish("event");
        assertEquals(List.of("event"), got);
        assertEquals(1, bus.handlerFailures());
    }
}
