package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zoomvconnect.meeting.MeetingEvent;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.testing.PostgresServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two buses on one PostgreSQL, as two nodes: what crosses, what stays, and events over NOTIFY's 8000 bytes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEventBusTest {
    /** An event of the test's own that crosses, to carry a large text. */
    record Note(String meetingId, String text) {
    }

    /** An event that no one registered: it stays on its node. */
    record LocalOnly(String meetingId) {
    }

    private Database db;
    private PostgresEventBus a;
    private PostgresEventBus b;
    private final boolean[] insideTransaction = new boolean[1];

    @BeforeAll
    void open() {
        db = Database.open(PostgresServer.shared().newDatabase());
        a = PostgresEventBus.start(db, "a", ClusterEvents.standard().add("test.note", Note.class), () -> insideTransaction[0]);
        b = PostgresEventBus.start(db, "b", ClusterEvents.standard().add("test.note", Note.class), () -> false);
    }

    @AfterAll
    void close() {
        a.close();
        b.close();
        db.close();
    }

    private static <T> BlockingQueue<T> listen(PostgresEventBus bus, Class<T> type) {
        var q = new LinkedBlockingQueue<T>();
        bus.subscribe(type, q::add);
        return q;
    }

    @Test
    void aMeetingEventPublishedOnOneNodeArrivesOnceOnEach() throws Exception {
        var onA = listen(a, MeetingEvent.Ended.class);
        var onB = listen(b, MeetingEvent.Ended.class);
        var ended = new MeetingEvent.Ended("m-1", "u-1");
        a.publish(ended);
        assertEquals(ended, onA.poll(0, TimeUnit.SECONDS), "delivered on the publishing node at once");
        assertEquals(ended, onB.poll(20, TimeUnit.SECONDS));
        // Node a's listener gets notifications in commit order: an echo of its own would come before b's.
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
    void anEventOverTheNotifyLimitArrivesWhole() throws Exception {
        var onB = listen(b, Note.class);
        String text = "é".repeat(6000); // 12000 bytes in UTF-8
        long spilled = a.counters().get("spilled");
        a.publish(new Note("m-3", text));
        Note got = onB.poll(20, TimeUnit.SECONDS);
        assertEquals(new Note("m-3", text), got);
        assertEquals(spilled + 1, a.counters().get("spilled"));
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
    void oldSpilledMessagesArePurged() {
        db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO cluster_message (payload, created_at) VALUES ('{}', now() - INTERVAL '10 minutes')"));
        a.purgeOldMessages();
        long left = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM cluster_message WHERE created_at < now() - INTERVAL '5 minutes'").mapTo(Long.class).one());
        assertEquals(0, left);
    }
}
