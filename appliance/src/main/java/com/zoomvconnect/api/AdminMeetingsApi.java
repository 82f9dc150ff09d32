package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.MeetingRole;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.MeetingView;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.meeting.ParticipantView;
import com.zoomvconnect.meeting.RecordingStatus;
import com.zoomvconnect.meeting.Room;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/meetings}: the live meetings, with their participants, and an
 * administrator's two interventions, ending a meeting and removing a participant, both audited. In a
 * cluster the list gathers every live node's own (asked with {@link HostForwarding#FORWARDED_BY}, so
 * each answers for itself), and a removal is forwarded to the meeting's node ({@link HostForwarding}).
 */
final class AdminMeetingsApi implements HttpService {
    /**
     * A participant as the dashboard lists them; {@code downlinkBps} only where the SFU has an estimate,
     * {@code quality} only once they have media.
     */
    public record Participant(String id, String displayName, String role, String room, boolean guest, Instant joinedAt,
                              Long downlinkBps, MediaTotals.Quality quality) {
    }

    /**
     * A live meeting as the dashboard lists it; {@code host} is whoever is host now (null if nobody is),
     * {@code node} the cluster node hosting it (null on a single site).
     */
    public record Live(String id, String title, String code, String ownerId, String ownerName, String host,
                       Instant since, long durationSeconds, RecordingStatus recording, List<Participant> participants, String node) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiAuth auth;
    private final AdminService admin;
    private final LiveMeetings live;
    private final MeetingService meetings;
    private final ModerationAudit audit;
    private final Supplier<MediaTotals> media;
    private final MeetingPlacement placement;
    private final PeerClients peers = new PeerClients();

    AdminMeetingsApi(AdminApi.Parts p) {
        this.placement = p.placement();
        this.auth = p.apiAuth();
        this.admin = p.admin();
        this.live = p.live();
        this.meetings = p.meetings();
        this.audit = p.audit();
        this.media = p.media();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::past)
                .get("/live", this::list)
                .post("/{id}/end", this::end)
                .delete("/{id}/participants/{pid}", this::remove);
        Routes.methodNotAllowed(rules, "/", "/live", "/{id}/end", "/{id}/participants/{pid}");
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal caller = auth.requireAdmin(req);
        Map<String, String> names = accountNames();
        MediaTotals totals = media.get();
        Map<String, Long> downlink = totals.downlinkBps();
        Instant now = Instant.now();
        List<Live> items = new ArrayList<>();
        for (LiveMeeting m : live.all()) {
            MeetingView v;
            try {
                v = meetings.get(caller, m.meetingId());
            } catch (AppException e) {
                continue; // deleted under us: nothing to show
            }
            List<Participant> people = new ArrayList<>();
            String host = null;
            for (Room r : m.rooms()) {
                for (ParticipantView p : r.participants()) {
                    people.add(new Participant(p.id(), p.displayName(), p.role(), r.roomId(), p.guest(), p.joinedAt(),
                            downlink.get(p.id()), totals.quality().get(p.id())));
                    if (MeetingRole.HOST.wire().equals(p.role())) {
                        host = p.displayName();
                    }
                }
            }
            people.sort(Comparator.comparing(Participant::joinedAt));
            items.add(new Live(m.meetingId(), v.title(), v.code(), v.hostId(), names.get(v.hostId()), host, m.since(),
                    Duration.between(m.since(), now).toSeconds(), m.main().recording(), people, placement.thisNode().orElse(null)));
        }
        List<Object> all = new ArrayList<>(items);
        var body = new LinkedHashMap<String, Object>();
        if (!req.headers().contains(HeaderNames.create(HostForwarding.FORWARDED_BY))) {
            List<String> unreachable = new ArrayList<>();
            for (MeetingPlacement.HostingNode peer : placement.otherNodes()) {
                try {
                    peerItems(peer, req).forEach(all::add);
                } catch (java.io.IOException | RuntimeException e) {
                    unreachable.add(peer.nodeId());
                }
            }
            if (!unreachable.isEmpty()) {
                body.put("unreachableNodes", unreachable); // their meetings are missing from the list
            }
        }
        all.sort(Comparator.comparing(AdminMeetingsApi::since));
        body.put("items", all);
        Json.send(res, Status.OK_200, body);
    }

    /** Another node's own live meetings, asked with the caller's token. */
    private JsonNode peerItems(MeetingPlacement.HostingNode peer, ServerRequest req) throws java.io.IOException {
        var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(peer.url() + "/api/v1/admin/meetings/live"))
                .timeout(java.time.Duration.ofSeconds(10)).header(HostForwarding.FORWARDED_BY, "dashboard list").GET();
        req.headers().first(HeaderNames.AUTHORIZATION).ifPresent(v -> get.header("Authorization", v));
        try {
            var r = peers.client(peer).send(get.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new java.io.IOException("node " + peer.nodeId() + " answered " + r.statusCode());
            }
            return JSON.readTree(r.body()).path("items");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException(e);
        }
    }

    /** When a listed meeting went live: ours as a record, another node's as the JSON it sent. */
    private static Instant since(Object item) {
        if (item instanceof Live l) {
            return l.since();
        }
        try {
            return Instant.parse(((JsonNode) item).path("since").asText());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Ended meetings: {@code q} (title or code), {@code host}, {@code from}, {@code to}, {@code limit}, as {@code meetings.list}. */
    private void past(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        var args = new LinkedHashMap<String, String>();
        for (String name : new String[] {"q", "host", "from", "to", "limit"}) {
            req.query().first(name).ifPresent(v -> args.put(name, v));
        }
        Json.send(res, Status.OK_200, admin.execute("meetings.list", args));
    }

    private void end(ServerRequest req, ServerResponse res) {
        Principal caller = auth.requireAdmin(req);
        String id = req.path().pathParameters().get("id");
        // In a cluster the meeting may be live on another node: the ended event crosses to it.
        if (live.meeting(id).isEmpty() && placement.hostOf(id).isEmpty()) {
            throw new AppException(ErrorCode.NOT_LIVE, "That meeting is not live on this server");
        }
        MeetingView ended = meetings.end(caller, id); // the bus ends the live meeting: everyone is told and disconnected
        audit.record(id, caller.userId(), caller.displayName(), "end_meeting", null, null, "by an administrator from the dashboard");
        var body = new LinkedHashMap<String, Object>();
        body.put("id", ended.id());
        body.put("status", ended.status());
        Json.send(res, Status.OK_200, body);
    }

    private void remove(ServerRequest req, ServerResponse res) {
        Principal caller = auth.requireAdmin(req);
        String id = req.path().pathParameters().get("id");
        String pid = req.path().pathParameters().get("pid");
        LiveMeeting m = live.meeting(id).orElseThrow(() -> new AppException(ErrorCode.NOT_LIVE,
                "That meeting is not live on this server"));
        String name = m.removeByAdministrator(pid, caller.displayName())
                .orElseThrow(() -> AppException.notFound("Participant"));
        audit.record(id, caller.userId(), caller.displayName(), "remove", pid, name, "by an administrator from the dashboard");
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Account id to display name, for the meetings' owners. */
    @SuppressWarnings("unchecked")
    private Map<String, String> accountNames() {
        var names = new HashMap<String, String>();
        for (Map<String, Object> u : (List<Map<String, Object>>) admin.execute("users.list", Map.of())) {
            names.put((String) u.get("id"), (String) u.get("displayName"));
        }
        return names;
    }
}
