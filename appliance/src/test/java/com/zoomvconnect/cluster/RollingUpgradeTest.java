package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.meeting.MeetingEvent;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade (docs/cluster.md, "Upgrades"): the first node of the newer version migrates the
 * shared schema while the others still run the older one, and for a while both kinds of node work
 * side by side. Here this code is the older version, and the newer one is played by a migration of a
 * later release (test resource {@code db/newer-version}: a new table and new columns, nullable or
 * with a default, as the upgrade rules allow) and by events sent the way a newer node sends them.
 */
class RollingUpgradeTest {
    private static final Duration BEAT = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void olderNodesRunOnTheNewerSchemaAndActOnTheNewerNodesEvents() throws Exception {
        DatabaseConfig db = PostgresServer.shared().newDatabase();
        try (Appliance a = TestAppliance.startClusterNode(db, ClusterConfig.postgres("older-a", BEAT, TIMEOUT), null)) {
            // The newer version's first node starts and migrates the schema; node a runs on.
            var migrated = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                    .locations("classpath:db/migration", "classpath:db/newer-version").load().migrate();
            assertEquals("1000", migrated.targetSchemaVersion, "the newer migration ran");

            // An older node started (or restarted) during the upgrade accepts the newer schema.
            try (Appliance b = TestAppliance.startClusterNode(db, ClusterConfig.postgres("older-b", BEAT, TIMEOUT), a)) {
                Thread.sleep(3 * BEAT.toMillis()); // heartbeats written into rows that have the newer column
                List<ClusterNode> nodes = b.cluster().orElseThrow().membership().nodes();
                assertEquals(List.of("older-a:true", "older-b:true"), nodes.stream().map(n -> n.nodeId() + ":" + n.alive()).toList());
                assertTrue(nodes.stream().allMatch(n -> n.heartbeatAgeMillis() < TIMEOUT.toMillis()), nodes.toString());

                // Meetings are created, placed and joined as before.
                var api = new ApiClient(a.httpsPort());
                var r = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                        "displayName", "Host"));
                assertEquals(201, r.status(), r.body());
                String host = r.json().path("accessToken").asText();
                var created = new ApiClient(b.httpsPort()).post("/api/v1/meetings", host, Map.of("title", "Upgrade", "allowGuests", true));
                assertEquals(201, created.status(), created.body());
                String meetingId = created.json().path("id").asText();
                JsonNode grant = api.post("/api/v1/meetings/" + meetingId + "/join", null, Map.of("displayName", "Guest")).json();
                Appliance hosting = grant.path("node").asText().equals("older-a") ? a : b;
                try (var guest = SignalSocket.join(hosting.httpsPort(), grant.path("token").asText())) {
                    assertEquals("welcome", guest.next().path("type").asText());
                }

                // A newer node's events: a field this version does not know is ignored, a type it does not know is dropped.
                var updated = new LinkedBlockingQueue<MeetingEvent.Updated>();
                b.cluster().orElseThrow().bus().subscribe(MeetingEvent.Updated.class, updated::add);
                long unreadable = b.cluster().orElseThrow().busCounters().get("unreadable");
                notify(db, """
                        {"from":"newer-c","type":"meeting.renamed","event":{"meetingId":"%s","title":"Renamed"}}""".formatted(meetingId));
                notify(db, """
                        {"from":"newer-c","type":"meeting.updated","event":{"meetingId":"%s","changedFields":["title"]}}""".formatted(meetingId));
                MeetingEvent.Updated got = updated.poll(10, TimeUnit.SECONDS);
                assertNotNull(got, "the newer node's meeting.updated (with a field this version does not know) arrived");
                assertEquals(meetingId, got.meetingId());
                assertEquals(unreadable + 1, b.cluster().orElseThrow().busCounters().get("unreadable"), "the unknown type was counted and dropped");
            }
        }
    }

    /** Sends an envelope on the PostgreSQL bus as another node would. */
    private static void notify(DatabaseConfig db, String envelope) throws java.sql.SQLException {
        try (var c = DriverManager.getConnection(db.url(), db.user(), db.password());
             var st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, PostgresEventBus.CHANNEL);
            st.setString(2, envelope);
            st.execute();
        }
    }
}
