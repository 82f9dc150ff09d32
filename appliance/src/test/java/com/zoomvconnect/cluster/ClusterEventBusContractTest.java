package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.meeting.MeetingEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every bus across nodes promises, run against each real engine: two buses as two nodes, what
 * crosses (once, never echoed), what stays, a large event, a publish refused inside a transaction,
 * and the engine going down and coming back (what is sent meanwhile is lost, later events cross again).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterEventBusContractTest {
    /** An event of the test's own that crosses, to carry a large text. */
    record Note(String meetingId, String text) {
    }

    /** An event that no one registered: it stays on its node. */
    record LocalOnly(String meetingId) {
    }

    protected ClusterEventBus a;
    protected ClusterEventBus b;
    private final boolean[] insideTransaction = new boolean[1];

    /** Starts the engine (a server of the test's own, so it may be stopped). */
    abstract void startEngine();

    /** A bus of node {@code nodeId} on the engine. */
    abstract ClusterEventBus startBus(String nodeId, ClusterEvents events, BooleanSupplier insideTransaction);

    /** Stops the engine abruptly, as a crash would. */
    abstract void stopEngine();

    /** Starts the stopped engine again at the same address. */
    abstract void restartEngine();

    /** Stops and removes the engine. */
    abstract void closeEngine();

    @BeforeAll
    void open() {
        startEngine();
        a = startBus("a", events(), () -> insideTransaction[0]);
        b = startBus("b", events(), () -> false);
    }

    @AfterAll
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        closeEngine();
    }

    static ClusterEvents events() {
        return ClusterEvents.standard().add("test.note", Note.class);
    }

    static <T> BlockingQueue<T> listen(ClusterEventBus bus, Class<T> type) {
        var q = new LinkedBlockingQueue<T>();
        bus.subscribe(type, q::add);
        return q;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void aMeetingEventPublishedOnOneNodeArrivesOnceOnEach() throws Exception {
        var onA = listen(a, MeetingEvent.Ended.class);
        var onB = listen(b, MeetingEvent.Ended.class);
        var ended = new MeetingEvent.Ended("m-1", "u-1");
        a.publish(ended);
        assertEquals(ended, onA.poll(0, TimeUnit.SECONDS), "delivered on the publishing node at once");
        assertEquals(ended, onB.poll(20, TimeUnit.SECONDS));
        // Both engines deliver in the order they were sent: an echo of a's own would come before b's.
        var fromB = new MeetingEvent.Ended("m-1b", "u-2");
        b.publish(fromB);
        assertEquals(fromB, onA.poll(20, TimeUnit.SECONDS), "not echoed back to the publishing node");
        assertEquals(fromB, onB.poll(0, TimeUnit.SECONDS));
        assertNull(onB.poll(0, TimeUnit.SECONDS), "once");
    }

    @Test
    void eventsNotNamedForTheClusterStayOnTheirNode() throws Exception {
        var onA = listen(a, LocalOnly.class);
        var onB = listen(b, LocalOnly.class);
        var updated = listen(b, MeetingEvent.Updated.class);
        a.publish(new LocalOnly("m-2"));
        a.publish(new MeetingEvent.Updated("m-2")); // sent after the local one: once it arrived, the other would have too
        assertEquals(new MeetingEvent.Updated("m-2"), updated.poll(20, TimeUnit.SECONDS));
        assertEquals(new LocalOnly("m-2"), onA.poll(0, TimeUnit.SECONDS));
        assertNull(onB.poll(0, TimeUnit.SECONDS));
    }

    @Test
    void aLargeEventArrivesWhole() throws Exception {
        var onB = listen(b, Note.class);
        String text = "é".repeat(6000); // 12000 bytes in UTF-8, over PostgreSQL's NOTIFY limit
        a.publish(new Note("m-3", text));
        assertEquals(new Note("m-3", text), onB.poll(20, TimeUnit.SECONDS));
    }

    @Test
    void aPublishInsideATransactionIsRefusedBeforeItLeavesTheNode() throws Exception {
        var onB = listen(b, MeetingEvent.Cancelled.class);
        insideTransaction[0] = true;
        try {
            assertThrows(IllegalStateException.class, () -> a.publish(new MeetingEvent.Cancelled("m-4")));
        } finally {
            insideTransaction[0] = false;
        }
        a.publish(new MeetingEvent.Cancelled("m-5"));
        assertEquals(new MeetingEvent.Cancelled("m-5"), onB.poll(20, TimeUnit.SECONDS), "m-4 never left node a");
    }

    @Test
    void whatIsSentWhileTheEngineIsDownIsLostAndLaterEventsCrossAgain() throws Exception {
        var onA = listen(a, MeetingEvent.Ended.class);
        var onB = listen(b, MeetingEvent.Ended.class);
        long outages = b.counters().get("listenerOutages");
        long failures = a.counters().get("sendFailures");
        stopEngine();
        await(() -> !a.listening() && !b.listening(), "both nodes notice the engine is gone");
        assertTrue(b.counters().get("listenerOutages") > outages, b.counters().toString());

        var lost = new MeetingEvent.Ended("m-lost", "u-1");
        a.publish(lost); // the publisher is not failed: the meeting ended in the database all the same
        assertEquals(lost, onA.poll(0, TimeUnit.SECONDS), "still delivered on its own node");
        assertEquals(failures + 1, a.counters().get("sendFailures"), a.counters().toString());

        restartEngine();
        await(() -> a.listening() && b.listening(), "both nodes listen again");
        var after = new MeetingEvent.Ended("m-after", "u-1");
        a.publish(after);
        assertEquals(after, onB.poll(20, TimeUnit.SECONDS), "the first to arrive is the one sent after the restart");
        assertEquals(after, onA.poll(0, TimeUnit.SECONDS));
    }
}
