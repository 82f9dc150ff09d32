package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.zoomvconnect.meeting.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One room event delivered to many connections is encoded once; two rooms at once still get their own texts. */
class SharedTextTest {
    @Test
    void theSameEventForManyConnectionsIsEncodedOnceAndIsTheSameString() {
        var event = new RoomEvent.ParticipantLeft("p-1", "left");
        AtomicInteger encodings = new AtomicInteger();
        List<String> texts = new ArrayList<>();
        for (int member = 0; member < 1000; member++) {
            texts.add(SharedText.of(event, () -> {
                encodings.incrementAndGet();
                return SignalEvents.toMessage(event);
            }));
        }
        assertEquals(1, encodings.get());
        assertEquals(SignalCodec.encode(new ServerMessage.ParticipantLeft("p-1", "left")), texts.get(0));
        texts.forEach(t -> assertSame(texts.get(0), t));
    }

    @Test
    void anEqualButOtherEventIsEncodedAgain() {
        var first = new RoomEvent.ParticipantLeft("p-1", "left");
        var second = new RoomEvent.ParticipantLeft("p-1", "left");
        String a = SharedText.of(first, () -> SignalEvents.toMessage(first));
        String b = SharedText.of(second, () -> SignalEvents.toMessage(second));
        assertEquals(a, b);
        assertNotSame(a, b, "compared by identity: a new event is a new message");
    }

    @Test
    void twoThreadsBroadcastingAtOnceEachSendTheirOwnEventsText() throws InterruptedException {
        int rounds = 20_000;
        List<Thread> threads = new ArrayList<>();
        AtomicInteger wrong = new AtomicInteger();
        for (int t = 0; t < 2; t++) {
            String who = "p-" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    var event = new RoomEvent.ParticipantRenamed(who, who + "-" + (i / 10));
                    String expected = SignalCodec.encode(SignalEvents.toMessage(event));
                    if (!SharedText.of(event, () -> SignalEvents.toMessage(event)).equals(expected)) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, wrong.get());
    }
}
