package com.zoomvconnect.api;

import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.Breakouts;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.ModerationAudit;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/v1/meetings/{id}/breakouts}: read and change a live meeting's breakout rooms, as the
 * host's panel does over signaling. Allowed to the meeting's owner, administrators, and whoever is
 * host or co-host in any of its rooms right now.
 */
public final class BreakoutsApi implements HttpService {
    private final MeetingService meetings;
    private final LiveMeetings live;
    private final ApiAuth auth;
    private final ModerationAudit audit;

    private BreakoutsApi(MeetingService meetings, LiveMeetings live, ApiAuth auth, ModerationAudit audit) {
        this.meetings = meetings;
        this.live = live;
        this.auth = auth;
        this.audit = audit;
    }

    /** Mounts {@code /api/v1/meetings/{id}/breakouts}. */
    public static void routing(HttpRouting.Builder routing, MeetingService meetings, LiveMeetings live, ApiAuth auth,
                               ModerationAudit audit) {
        routing.register("/api/v1/meetings", new BreakoutsApi(meetings, live, auth, audit));
    }

    /** The plan, as {@code breakoutsConfigure} carries it. */
    public record PlanRequest(List<RoomName> rooms, Boolean allowChoose, Integer durationSeconds, Integer graceSeconds) {
    }

    /** One planned room. */
    public record RoomName(String name) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/breakouts", this::get)
                .post("/{id}/breakouts", this::configure)
                .post("/{id}/breakouts/open", this::open)
                .post("/{id}/breakouts/close", this::close);
        Routes.methodNotAllowed(rules, "/{id}/breakouts", "/{id}/breakouts/open", "/{id}/breakouts/close");
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, moderated(req).meeting().breakouts().view());
    }

    private void configure(ServerRequest req, ServerResponse res) {
        Caller c = moderated(req);
        PlanRequest p = Json.read(req, PlanRequest.class);
        List<String> names = p.rooms() == null ? null : p.rooms().stream().map(r -> r == null ? null : r.name()).toList();
        c.meeting().breakouts().configure(null, new Breakouts.Plan(names, Boolean.TRUE.equals(p.allowChoose()),
                p.durationSeconds() == null ? null : Duration.ofSeconds(p.durationSeconds()),
                Duration.ofSeconds(p.graceSeconds() == null ? 0 : p.graceSeconds())));
        c.record("breakouts_configure", names.size() + " rooms");
        Json.send(res, Status.OK_200, c.meeting().breakouts().view());
    }

    private void open(ServerRequest req, ServerResponse res) {
        Caller c = moderated(req);
        c.meeting().breakouts().open(null);
        c.record("breakouts_open", null);
        Json.send(res, Status.OK_200, c.meeting().breakouts().view());
    }

    private void close(ServerRequest req, ServerResponse res) {
        Caller c = moderated(req);
        c.meeting().breakouts().close(null);
        c.record("breakouts_close", null);
        Json.send(res, Status.OK_200, c.meeting().breakouts().view());
    }

    private record Caller(Principal principal, LiveMeeting meeting, ModerationAudit audit) {
        void record(String action, String detail) {
            String name = principal.displayName() == null || principal.displayName().isBlank()
                    ? principal.email() : principal.displayName();
            audit.record(meeting.meetingId(), principal.userId(), name, action, null, null, detail);
        }
    }

    /** The caller, who must be the owner, an administrator or a host or co-host in the live meeting. */
    private Caller moderated(ServerRequest req) {
        var caller = auth.require(req);
        String id = req.path().pathParameters().get("id");
        if (!MeetingControl.allowed(caller, id, meetings, live)) {
            throw AppException.forbidden("Only the host or a co-host can manage breakout rooms");
        }
        LiveMeeting lm = live.meeting(id)
                .orElseThrow(() -> new AppException(ErrorCode.NOT_LIVE, "Breakout rooms need the meeting to be live"));
        return new Caller(caller, lm, audit);
    }
}
