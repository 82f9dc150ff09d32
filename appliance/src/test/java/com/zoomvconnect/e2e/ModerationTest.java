package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Host controls at the signaling level, with real media where it matters: every control is
 * enforced by the server; an attendee's forged control message changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModerationTest {
    private static final Duration T = Duration.ofSeconds(10);
    private Appliance appliance;
    private ApiClient api;
    private String base;
    private String hostToken;
    private String cohostToken;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        base = "https://localhost:" + appliance.httpsPort();
        hostToken = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password",
                "displayName", "Hedy Host")).json().path("accessToken").asText();
        cohostToken = api.post("/api/v1/auth/register", null, Map.of("email", "co@example.com", "password", "cohost password",
                "displayName", "Cory Cohost")).json().path("accessToken").asText();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        appliance.close();
    }

    private JsonNode meeting(Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("title", "Moderated", "allowGuests", true,
                "coHosts", List.of("co@example.com")));
        body.putAll(extra);
        return api.post("/api/v1/meetings", hostToken, body).json();
    }

    private SignalClient joined(String code, String name, String token) {
        SignalClient c = SignalClient.connect(base, code, name, token);
        open.add(c);
        c.expect("welcome", T);
        return c;
    }

    @Test
    void forgedControlsFromAnAttendeeAreRefusedAndChangeNothing() throws Exception {
        JsonNode m = meeting(Map.of());
        String code = m.path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        SignalClient eve = joined(code, "Eve", null);
        host.expect("participantJoined", T);
        String hostId = host.participantId();
        Object[][] forged = {
                {"muteParticipant", "participantId", hostId}, {"muteAll"}, {"askUnmute", "participantId", hostId},
                {"stopVideo", "participantId", hostId}, {"stopScreenShare", "participantId", hostId},
                {"remove", "participantId", hostId, "ban", true}, {"rename", "participantId", hostId, "displayName", "Pwned"},
                {"setRole", "participantId", eve.participantId(), "role", "host"},
                {"setPolicy", "locked", true, "chatEnabled", false}, {"admitAll"}, {"admit", "participantId", "x"},
                {"deny", "participantId", "x"}, {"endMeeting"}};
        for (Object[] f : forged) {
            Object[] fields = java.util.Arrays.copyOfRange(f, 1, f.length);
            eve.send((String) f[0], fields);
            JsonNode error = eve.expect("error", T);
            assertEquals("forbidden", error.path("code").asText(), f[0] + " -> " + error);
        }
        var room = appliance.liveMeetings().find(m.path("id").asText()).orElseThrow();
        assertEquals("host", room.roleOf(hostId).orElseThrow());
        assertEquals("Hedy", room.participant(hostId).orElseThrow().displayName());
        assertFalse(room.policy().locked());
        assertTrue(room.policy().chatEnabled());
        assertFalse(room.isBlocked(hostId, TrackSource.MICROPHONE));
        assertEquals("attendee", room.roleOf(eve.participantId()).orElseThrow());
        assertEquals("live", api.get("/api/v1/meetings/" + m.path("id").asText(), hostToken).json().path("status").asText());
        // The audit log shows nothing Eve tried.
        JsonNode auditLog = api.get("/api/v1/meetings/" + m.path("id").asText() + "/audit", hostToken).json();
        assertEquals(0, auditLog.path("items").size(), auditLog.toString());
    }

    @Test
    void aRemovedParticipantsMediaStopsWithinASecondAndABanHolds() throws Exception {
        JsonNode m = meeting(Map.of());
        String code = m.path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        var delay = new LatencyHistogram();
        var pub = SyntheticPublisher.start(base, code, "Mallory", 300_000, 30);
        open.add(pub);
        var sub = SyntheticSubscriber.start(base, code, "Viewer", delay);
        open.add(sub);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (sub.totals()[4] < 20 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(sub.totals()[4] >= 20, "viewer receives Mallory's video");
        host.send("remove", "participantId", pub.participantId(), "ban", true);
        long removedAt = System.nanoTime();
        Thread.sleep(1000);
        long atOneSecond = sub.totals()[0];
        Thread.sleep(1000);
        long later = sub.totals()[0];
        assertEquals(atOneSecond, later, "no packet from the removed participant arrives after 1 s");
        assertTrue(System.nanoTime() - removedAt >= 2_000_000_000L);
        // Banned: a fresh grant from the same address is refused.
        SignalClient again = SignalClient.connect(base, code, "Mallory again", null);
        open.add(again);
        assertEquals("banned", again.expect("refused", T).path("code").asText());
        JsonNode auditLog = api.get("/api/v1/meetings/" + m.path("id").asText() + "/audit", hostToken).json();
        assertEquals("remove_and_ban", auditLog.path("items").get(0).path("action").asText());
        assertEquals("Mallory", auditLog.path("items").get(0).path("targetName").asText());
        assertEquals(403, api.get("/api/v1/meetings/" + m.path("id").asText() + "/audit",
                api.post("/api/v1/auth/register", null, Map.of("email", "nosy@example.com", "password", "nosy password",
                        "displayName", "Nosy")).json().path("accessToken").asText()).status());
    }

    @Test
    void aLockedMeetingRefusesNewcomers() {
        String code = meeting(Map.of()).path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        host.send("setPolicy", "locked", true);
        assertTrue(host.expect("policy", T).path("policy").path("locked").asBoolean());
        SignalClient late = SignalClient.connect(base, code, "Late", null);
        open.add(late);
        assertEquals("meeting_locked", late.expect("refused", T).path("code").asText());
        SignalClient cohost = joined(code, "Cory", cohostToken); // moderators still enter
        assertTrue(cohost.participantId() != null);
    }

    @Test
    void theWaitingRoomAdmitsOnlyOnAHostsWord() {
        String code = meeting(Map.of("waitingRoom", true)).path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        SignalClient ann = SignalClient.connect(base, code, "Ann", null);
        open.add(ann);
        assertEquals(1, ann.expect("waiting", T).path("position").asInt());
        JsonNode queue = host.expect("waitingRoom", T);
        assertEquals("Ann", queue.path("queue").get(0).path("displayName").asText());
        ann.send("admitAll");
        assertEquals("waiting", ann.expect("error", T).path("code").asText(), "a waiting entrant cannot let itself in");
        host.send("admit", "participantId", ann.participantId());
        ann.expect("welcome", T);
        SignalClient bob = SignalClient.connect(base, code, "Bob", null);
        open.add(bob);
        bob.expect("waiting", T);
        ann.send("admit", "participantId", bob.participantId());
        assertEquals("forbidden", ann.expect("error", T).path("code").asText(), "attendees cannot admit");
        host.send("deny", "participantId", bob.participantId());
        assertEquals("denied", bob.expect("refused", T).path("code").asText());
    }

    @Test
    void muteIsEnforcedInTheSfuAndUnmuteFollowsThePolicy() throws Exception {
        String code = meeting(Map.of()).path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        var pub = SyntheticPublisher.start(base, code, "Talker", 300_000, 30);
        open.add(pub);
        var sub = SyntheticSubscriber.start(base, code, "Listener", new LatencyHistogram());
        open.add(sub);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (sub.streamCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        host.send("muteAll", "allowUnmute", false);
        awaitTrue(() -> pub.received().stream().anyMatch(x -> x.path("type").asText().equals("mediaBlocked")
                && x.path("source").asText().equals("microphone") && x.path("blocked").asBoolean()), "the client is told");
        Thread.sleep(300); // packets already on their way when the block was applied
        long audio1 = sub.audioPackets();
        long frames1 = sub.totals()[4];
        Thread.sleep(1000);
        assertEquals(audio1, sub.audioPackets(), "no audio is forwarded from a muted participant");
        assertTrue(sub.totals()[4] > frames1 + 10, "video still flows");
        assertTrue(pub.received().stream().anyMatch(x -> x.path("type").asText().equals("mediaBlocked")
                && x.path("source").asText().equals("microphone") && x.path("blocked").asBoolean()), "the client is told");
        // The client ignores the mute and tries to unmute itself: refused, still held back.
        pub.send("mute", "source", "microphone", "muted", false);
        awaitTrue(() -> pub.received().stream().anyMatch(x -> x.path("code").asText().equals("unmute_not_allowed")),
                "the self-unmute is refused");
        long audio2 = sub.audioPackets();
        Thread.sleep(500);
        assertEquals(audio2, sub.audioPackets());
        // Once the host allows it, unmuting works and audio flows again. The host's and the
        // publisher's sockets are independent: unmute only after the publisher saw the new policy,
        // or the room may still refuse it.
        host.send("setPolicy", "allowUnmute", true);
        awaitTrue(() -> pub.received().stream().anyMatch(x -> x.path("type").asText().equals("policy")
                && x.path("policy").path("allowUnmute").asBoolean()), "the publisher sees unmuting allowed");
        pub.send("mute", "source", "microphone", "muted", false);
        awaitTrue(() -> sub.audioPackets() > audio2 + 20, "audio resumes after an allowed unmute");
    }

    /** Polls until {@code condition} holds, failing after 15 s: a busy machine delays, it does not lose. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(50);
        }
    }

    @Test
    void privateChatReachesOnlyItsRecipientAndHistoryIsPublicOnly() {
        String code = meeting(Map.of()).path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        SignalClient a = joined(code, "A", null);
        SignalClient b = joined(code, "B", null);
        a.send("chat", "text", "hello everyone");
        for (SignalClient c : List.of(host, a, b)) {
            assertEquals("hello everyone", c.expect("chat", T).path("message").path("text").asText());
        }
        a.send("chat", "text", "psst, only B", "to", b.participantId());
        assertEquals("psst, only B", b.expect("chat", T).path("message").path("text").asText());
        assertEquals("psst, only B", a.expect("chat", T).path("message").path("text").asText());
        host.send("ping");
        var hostSaw = host.until("pong", T);
        assertTrue(hostSaw.stream().noneMatch(x -> x.toString().contains("psst")), "the host never sees it: " + hostSaw);
        SignalClient late = SignalClient.connect(base, code, "Late", null);
        open.add(late);
        JsonNode welcome = late.expect("welcome", T);
        Set<String> texts = new HashSet<>();
        welcome.path("chatHistory").forEach(x -> texts.add(x.path("text").asText()));
        assertEquals(Set.of("hello everyone"), texts);
        host.send("setPolicy", "chatEnabled", false);
        assertFalse(a.expect("policy", T).path("policy").path("chatEnabled").asBoolean());
        a.send("chat", "text", "still there?");
        assertEquals("chat_disabled", a.expect("error", T).path("code").asText());
    }

    @Test
    void inAWebinarOnlyPanelistsMayPublish() {
        String code = meeting(Map.of("webinar", true)).path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        SignalClient viewer = SignalClient.connect(base, code, "Vera", null);
        open.add(viewer);
        JsonNode welcome = viewer.expect("welcome", T);
        assertTrue(welcome.path("policy").path("webinar").asBoolean());
        String offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
        viewer.send("publishOffer", "sdp", offer, "tracks", List.of(Map.of("mid", "0", "source", "microphone")));
        assertEquals("webinar_view_only", viewer.expect("error", T).path("code").asText());
        viewer.send("setRole", "participantId", viewer.participantId(), "role", "panelist");
        assertEquals("forbidden", viewer.expect("error", T).path("code").asText(), "no self-promotion");
        host.send("setRole", "participantId", viewer.participantId(), "role", "panelist");
        assertEquals("panelist", viewer.expect("roleChanged", T).path("role").asText());
        viewer.send("publishOffer", "sdp", offer, "tracks", List.of(Map.of("mid", "0", "source", "microphone")));
        assertEquals("invalid_sdp", viewer.expect("error", T).path("code").asText(), "a panelist's offer is considered");
    }

    @Test
    void hostLeavingHandsOverAndTheOwnerReclaimsOnReturn() {
        String code = meeting(Map.of()).path("code").asText();
        SignalClient host = joined(code, "Hedy", hostToken);
        SignalClient cohost = joined(code, "Cory", cohostToken);
        SignalClient ann = joined(code, "Ann", null);
        host.close();
        JsonNode changed = ann.expect("roleChanged", T);
        assertEquals(cohost.participantId(), changed.path("participantId").asText());
        assertEquals("host", changed.path("role").asText());
        SignalClient back = joined(code, "Hedy", hostToken);
        JsonNode demoted = ann.expect("roleChanged", T);
        assertEquals(cohost.participantId(), demoted.path("participantId").asText());
        assertEquals("cohost", demoted.path("role").asText());
        assertTrue(back.participantId() != null);
    }
}
