package com.zoomvconnect.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zoomvconnect.meeting.MeetingDraft;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.MeetingView;
import com.zoomvconnect.meeting.ModerationAudit;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;


/** {@code /api/v1/meetings}: create, list, read, change, cancel, join and end meetings. */
public final class MeetingsApi implements HttpService {
    private final MeetingService meetings;
    private final ApiAuth auth;
    private final PublicUrl publicUrl;
    private final ModerationAudit audit;
    private final MeetingPlacement placement;

    private MeetingsApi(MeetingService meetings, ApiAuth auth, PublicUrl publicUrl, ModerationAudit audit,
                        MeetingPlacement placement) {
        this.placement = placement;
        this.meetings = meetings;
        this.auth = auth;
        this.publicUrl = publicUrl;
        this.audit = audit;
    }

    /** Mounts {@code /api/v1/meetings} on a single site. */
    public static void routing(HttpRouting.Builder routing, MeetingService meetings, ApiAuth auth, PublicUrl publicUrl,
                               ModerationAudit audit) {
        routing(routing, meetings, auth, publicUrl, audit, MeetingPlacement.SINGLE_NODE);
    }

    /** Mounts {@code /api/v1/meetings}; a join grant names the node {@code placement} says hosts the meeting. */
    public static void routing(HttpRouting.Builder routing, MeetingService meetings, ApiAuth auth, PublicUrl publicUrl,
                               ModerationAudit audit, MeetingPlacement placement) {
        routing.register("/api/v1/meetings", new MeetingsApi(meetings, auth, publicUrl, audit, placement));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{id}", this::get)
                .patch("/{id}", this::update)
                .delete("/{id}", this::cancel)
                .get("/{id}/lobby", this::lobby)
                .post("/{id}/join", this::join)
                .post("/{id}/end", this::end)
                .get("/{id}/audit", this::audit);
        Routes.methodNotAllowed(rules, "/", "/{id}", "/{id}/lobby", "/{id}/join", "/{id}/end", "/{id}/audit");
    }

    private void create(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        var body = Json.read(req, Dto.MeetingRequest.class);
        MeetingView view = meetings.create(caller, draft(body));
        Json.send(res, Status.CREATED_201, withLinks(req, view));
    }

    private void list(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        List<String> statuses = req.query().first("status")
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        int limit = Routes.intParam(req, "limit", 20, 1, 100);
        var page = meetings.list(caller, statuses, req.query().first("cursor").orElse(null), limit);
        var items = page.items().stream().map(v -> withLinks(req, v)).toList();
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("items", items);
        body.put("nextCursor", page.nextCursor());
        Json.send(res, Status.OK_200, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        Json.send(res, Status.OK_200, withLinks(req, meetings.get(caller, id(req))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        var body = Json.read(req, Dto.MeetingRequest.class);
        Json.send(res, Status.OK_200, withLinks(req, meetings.update(caller, id(req), draft(body))));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        meetings.cancel(caller, id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void lobby(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, meetings.lobby(auth.optional(req), id(req)));
    }

    private void join(ServerRequest req, ServerResponse res) {
        var caller = auth.optional(req);
        boolean hasBody = req.headers().contentLength().orElse(0L) > 0 || req.headers().contains(io.helidon.http.HeaderNames.TRANSFER_ENCODING);
        var body = hasBody ? Json.read(req, Dto.JoinRequest.class) : new Dto.JoinRequest(null, null, null);
        var r = meetings.join(caller, id(req), body.passcode(), body.passcodeKey(), body.displayName(), ApiAuth.clientKey(req));
        var g = r.grant();
        // Cluster: the client opens signaling on the node hosting the meeting (docs/cluster.md, "Routing").
        var host = placement.place(g.meetingId()).map(origin -> edge(origin, g));
        String signaling = host.map(h -> h.url().replaceFirst("^http", "ws") + "/signal").orElseGet(() -> publicUrl.signaling(req));
        Json.send(res, Status.OK_200, new Dto.JoinResponse(r.token(), g.meetingId(), g.participantId(), g.displayName(),
                g.meetingRole(), g.guest(), signaling, r.expiresIn(), r.muteOnEntry(), r.waitingRoom(),
                host.map(MeetingPlacement.HostingNode::nodeId).orElse(null)));
    }

    /**
     * Cascading: an attendee who will only receive goes to an edge node when the origin is busy
     * (docs/cluster.md, "Cascading"); anyone else, and everyone while the origin is not, to the origin.
     */
    private MeetingPlacement.HostingNode edge(MeetingPlacement.HostingNode origin, com.zoomvconnect.auth.JoinGrant g) {
        if (!EdgeRelays.relayable(true, false, false, g.meetingRole())) {
            return origin;
        }
        var edge = placement.edgeFor(g.meetingId(), origin); // no query while cascading is off
        if (edge.isEmpty()) {
            return origin;
        }
        var settings = meetings.roomSettings(g.meetingId());
        return EdgeRelays.relayable(settings.webinar(), settings.waitingRoom(), settings.e2ee(), g.meetingRole()) ? edge.get() : origin;
    }

    private void end(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        Json.send(res, Status.OK_200, withLinks(req, meetings.end(caller, id(req))));
    }

    private void audit(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        int limit = Routes.intParam(req, "limit", 500, 1, 5000);
        Json.send(res, Status.OK_200, java.util.Map.of("items", audit.read(caller, id(req), limit)));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private ObjectNode withLinks(ServerRequest req, MeetingView view) {
        ObjectNode node = Json.MAPPER.valueToTree(view);
        String link = publicUrl.base(req) + "/j/" + view.code();
        node.put("joinUrl", link);
        if (view.passcodeKey() != null) {
            // One-click invitation: the key stands in for the passcode and dies when it changes.
            node.put("inviteUrl", link + "?pk=" + view.passcodeKey());
        } else {
            node.put("inviteUrl", link);
        }
        return node;
    }

    private static MeetingDraft draft(Dto.MeetingRequest b) {
        return new MeetingDraft(b.title(), b.description(), b.startsAt(), b.durationMinutes(), b.timeZone(), b.passcode(),
                b.waitingRoom(), b.allowGuests(), b.muteOnEntry(), b.invitees(), b.coHosts(), b.webinar(), b.e2ee());
    }

}
