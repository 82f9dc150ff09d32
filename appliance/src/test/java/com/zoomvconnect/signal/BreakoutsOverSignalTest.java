package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Breakout rooms over real sockets on a real appliance: who may do what, the timer, bans, and a move without a handshake. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakoutsOverSignalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "AB"));
    private Appliance appliance;
    private ApiClient api;
    private String hostToken;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "b@example.com", "password", "password1", "displayName", "Hostess"));
        hostToken = r.json().path("accessToken").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    /** A participant on a socket, past welcome. */
    private record Peer(SignalSocket socket, String id, JsonNode welcome) {
        void send(Object... kv) throws Exception {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            socket.send(JSON.writeValueAsString(m));
        }

        JsonNode next(String type) throws Exception {
            return socket.next(type);
        }
    }

    private String meeting() {
        return api.post("/api/v1/meetings", hostToken, Map.of("title", "breakouts", "allowGuests", true)).json().path("code").asText();
    }

    private String grant(String code, String name) {
        var r = name == null ? api.post("/api/v1/meetings/" + code + "/join", hostToken, Map.of())
                : api.post("/api/v1/meetings/" + code + "/join", null, Map.of("displayName", name));
        assertEquals(200, r.status(), r.body());
        return r.json().path("token").asText();
    }

    private Peer join(String token) throws Exception {
        var s = SignalSocket.join(appliance.httpsPort(), token);
        JsonNode w = s.next("welcome");
        return new Peer(s, w.path("participantId").asText(), w);
    }

    private static List<Map<String, String>> rooms(String... names) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String n : names) {
            out.add(Map.of("name", n));
        }
        return out;
    }

    @Test
    void anAttendeesBreakoutCommandsAreForbidden() throws Exception {
        String code = meeting();
        Peer host = join(grant(code, null));
        Peer ann = join(grant(code, "Ann"));
        ann.send("type", "breakoutsConfigure", "rooms", rooms("A"), "allowChoose", true, "graceSeconds", 0);
        assertEquals("forbidden", ann.next("error").path("code").asText());
        host.send("type", "breakoutsConfigure", "rooms", rooms("A", "B"), "allowChoose", false, "graceSeconds", 0);
        assertEquals(2, ann.next("breakouts").path("rooms").size(), "attendees see the plan");
        for (String type : List.of("breakoutsAutoAssign", "breakoutsOpen", "breakoutsClose")) {
            ann.send("type", type);
            assertEquals("forbidden", ann.next("error").path("code").asText(), type);
        }
        ann.send("type", "breakoutsAssign", "participantId", ann.id(), "roomId", "b1");
        assertEquals("forbidden", ann.next("error").path("code").asText());
        ann.send("type", "breakoutsBroadcast", "text", "hi");
        assertEquals("forbidden", ann.next("error").path("code").asText());
        host.send("type", "breakoutsConfigure", "rooms", rooms("x".repeat(61)), "graceSeconds", 0);
        assertEquals("invalid_breakouts", host.next("error").path("code").asText());
    }

    @Test
    void attendeesPickARoomOnlyWhenChoosingIsAllowed() throws Exception {
        String code = meeting();
        Peer host = join(grant(code, null));
        Peer ann = join(grant(code, "Ann"));
        host.send("type", "breakoutsConfigure", "rooms", rooms("A", "B"), "allowChoose", false, "graceSeconds", 0);
        host.send("type", "breakoutsOpen");
        awaitBreakouts(ann, true);
        ann.send("type", "breakoutsJoin", "roomId", "b2");
        assertEquals("choosing_not_allowed", ann.next("error").path("code").asText());
        host.send("type", "breakoutsClose");
        host.send("type", "breakoutsConfigure", "rooms", rooms("A", "B"), "allowChoose", true, "graceSeconds", 0);
        host.send("type", "breakoutsOpen");
        awaitBreakouts(ann, true);
        ann.send("type", "breakoutsJoin", "roomId", "b2");
        JsonNode changed = ann.next("roomChanged");
        assertEquals("b2", changed.path("roomId").asText());
        assertEquals("B", changed.path("roomName").asText());
        ann.send("type", "breakoutsReturn");
        assertEquals("main", ann.next("roomChanged").path("roomId").asText());
    }

    @Test
    void theTimerRunningOutBringsEveryoneBack() throws Exception {
        String code = meeting();
        Peer host = join(grant(code, null));
        Peer ann = join(grant(code, "Ann"));
        Peer bob = join(grant(code, "Bob"));
        host.send("type", "breakoutsConfigure", "rooms", rooms("A", "B"), "durationSeconds", 2, "graceSeconds", 0);
        host.send("type", "breakoutsAutoAssign");
        host.send("type", "breakoutsOpen");
        assertEquals("b1", ann.next("roomChanged").path("roomId").asText());
        assertEquals("b2", bob.next("roomChanged").path("roomId").asText());
        // The timer (2 s) runs on the server's clock; next() waits with a deadline.
        assertEquals("main", ann.next("roomChanged").path("roomId").asText());
        assertEquals("main", bob.next("roomChanged").path("roomId").asText());
        JsonNode closed = awaitBreakouts(host, false);
        for (JsonNode room : closed.path("rooms")) {
            assertEquals(0, room.path("present").size(), "nobody is left in a breakout: " + closed);
        }
    }

    @Test
    void aRemovedParticipantCannotComeBackIntoTheirBreakout() throws Exception {
        String code = meeting();
        Peer host = join(grant(code, null));
        String spare = grant(code, "Ann");
        Peer ann = join(grant(code, "Ann"));
        host.send("type", "breakoutsConfigure", "rooms", rooms("A"), "graceSeconds", 0);
        host.send("type", "breakoutsAssign", "participantId", ann.id(), "roomId", "b1");
        host.send("type", "breakoutsOpen");
        assertEquals("b1", ann.next("roomChanged").path("roomId").asText());
        host.send("type", "breakoutsJoin", "roomId", "b1"); // hosts control people inside a room from inside it
        assertEquals("b1", host.next("roomChanged").path("roomId").asText());
        host.send("type", "remove", "participantId", ann.id(), "ban", true);
        assertTrue(ann.next("removed").path("banned").asBoolean());
        assertTrue(ann.socket().closed.get(30, TimeUnit.SECONDS) >= 1000);

        var again = SignalSocket.join(appliance.httpsPort(), spare); // a grant fetched before the ban
        JsonNode refused = again.next();
        assertEquals("refused", refused.path("type").asText(), refused.toString());
        assertEquals("banned", refused.path("code").asText());
    }

    @Test
    void aMoveRenegotiatesOnTheSameConnectionsWithoutANewHandshake() throws Exception {
        String code = meeting();
        Peer host = join(grant(code, null));
        Peer pub = join(grant(code, "Publisher"));
        Peer sub = join(grant(code, "Subscriber"));
        pub.send("type", "publishOffer", "sdp", offer(), "tracks",
                List.of(Map.of("mid", "0", "source", "microphone"), Map.of("mid", "1", "source", "camera")));
        pub.next("publishAnswer");
        JsonNode first = sub.next("subscribeOffer");
        assertEquals(2, first.path("tracks").size(), first.toString());
        sub.send("type", "subscribeAnswer", "sdp", answer(first.path("sdp").asText()));
        long handshakes = appliance.sfu().counters().snapshot().get("dtls_handshakes");

        host.send("type", "breakoutsConfigure", "rooms", rooms("A"), "graceSeconds", 0);
        host.send("type", "breakoutsAssign", "participantId", sub.id(), "roomId", "b1");
        host.send("type", "breakoutsOpen");
        JsonNode changed = sub.next("roomChanged");
        assertEquals("b1", changed.path("roomId").asText());
        assertEquals(0, changed.path("participants").size(), "nobody else in room A");
        JsonNode again = sub.next("subscribeOffer");
        assertTrue(again.path("sdp").asText().contains("a=inactive"), "the main room's tracks stop: " + again);
        assertEquals(handshakes, appliance.sfu().counters().snapshot().get("dtls_handshakes"), "no new DTLS");
        JsonNode left = pub.next("participantLeft");
        assertEquals(sub.id(), left.path("participantId").asText());
        assertEquals("moved", left.path("reason").asText());
    }

    @Test
    void aDroppedConnectionResumesIntoItsBreakout() throws Exception {
        String code = meeting();
        Peer host = join(grant(code, null));
        Peer ann = join(grant(code, "Ann"));
        host.send("type", "breakoutsConfigure", "rooms", rooms("A", "B"), "graceSeconds", 0);
        host.send("type", "breakoutsAssign", "participantId", ann.id(), "roomId", "b2");
        host.send("type", "breakoutsOpen");
        assertEquals("b2", ann.next("roomChanged").path("roomId").asText());
        assertEquals("main", ann.welcome().path("roomId").asText());
        ann.socket().close();

        var again = new SignalSocket(appliance.httpsPort());
        again.send("{\"type\":\"join\",\"resume\":\"" + ann.welcome().path("resumeToken").asText() + "\"}");
        JsonNode welcome = again.next("welcome");
        assertEquals("b2", welcome.path("roomId").asText(), welcome.toString());
        assertEquals("B", welcome.path("roomName").asText());
        JsonNode state = again.next("breakouts");
        assertTrue(state.path("open").asBoolean());
        assertEquals(ann.id(), state.path("rooms").get(1).path("present").get(0).asText(), state.toString());
    }

    /** Waits (with the socket's deadline) for a {@code breakouts} state that is {@code open}. */
    private static JsonNode awaitBreakouts(Peer p, boolean open) throws Exception {
        while (true) {
            JsonNode b = p.next("breakouts");
            if (b.path("open").asBoolean() == open) {
                return b;
            }
        }
    }

    private static String offer() {
        String transport = "a=ice-ufrag:uabc\r\na=ice-pwd:p0123456789012345678901\r\na=fingerprint:sha-256 "
                + FINGERPRINT + "\r\na=setup:actpass\r\na=rtcp-mux\r\n";
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n" + transport
                + "a=rtpmap:111 opus/48000/2\r\na=msid:s a\r\na=ssrc:1111 cname:t\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\n" + transport
                + "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack pli\r\na=msid:s v\r\na=ssrc:2222 cname:t\r\n";
    }

    /** A subscriber's answer: every m-line recvonly with its first codec. */
    private static String answer(String offer) {
        var sb = new StringBuilder("v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        for (String section : offer.split("\r\nm=")) {
            if (!section.startsWith("audio") && !section.startsWith("video")) {
                continue;
            }
            String[] head = section.split("\r\n")[0].split(" ");
            String pt = head[3];
            String mid = section.replaceAll("(?s).*a=mid:([^\r\n]*).*", "$1");
            String rtpmap = section.replaceAll("(?s).*a=rtpmap:" + pt + " ([^\r\n]*).*", "$1");
            sb.append("m=").append(head[0]).append(" 9 UDP/TLS/RTP/SAVPF ").append(pt).append("\r\nc=IN IP4 0.0.0.0\r\n")
                    .append("a=mid:").append(mid).append("\r\na=recvonly\r\n")
                    .append("a=ice-ufrag:sub\r\na=ice-pwd:p0123456789012345678901\r\na=fingerprint:sha-256 ")
                    .append(FINGERPRINT).append("\r\na=setup:active\r\na=rtcp-mux\r\n")
                    .append("a=rtpmap:").append(pt).append(' ').append(rtpmap).append("\r\n");
        }
        return sb.toString();
    }
}
