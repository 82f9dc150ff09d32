package com.zoomvconnect.api;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.ModerationException;
import com.zoomvconnect.meeting.RecordingStatus;
import com.zoomvconnect.record.RecordingManager;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code /api/v1/meetings/{id}/recording} and {@code .../captions}: start, stop and read a live
 * meeting's recording and live captions. Allowed to the meeting's owner, administrators, and
 * whoever is host or co-host in the room right now.
 */
public final class RecordingControlApi implements HttpService {
    private final RecordingManager recorder;
    private final MeetingService meetings;
    private final LiveMeetings live;
    private final ApiAuth auth;

    private RecordingControlApi(RecordingManager recorder, MeetingService meetings, LiveMeetings live, ApiAuth auth) {
        this.recorder = recorder;
        this.meetings = meetings;
        this.live = live;
        this.auth = auth;
    }

    /** Mounts {@code /api/v1/meetings/{id}/recording}. */
    public static void routing(HttpRouting.Builder routing, RecordingManager recorder, MeetingService meetings,
                               LiveMeetings live, ApiAuth auth) {
        routing.register("/api/v1/meetings", new RecordingControlApi(recorder, meetings, live, auth));
    }

    /** {@code {"action": "start" | "stop"}}. */
    public record Action(String action) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/recording", this::status)
                .post("/{id}/recording", this::change)
                .get("/{id}/captions", this::captionStatus)
                .post("/{id}/captions", this::captions);
        Routes.methodNotAllowed(rules, "/{id}/recording", "/{id}/captions");
    }

    private void status(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        String id = req.path().pathParameters().get("id");
        meetings.get(caller, id); // 404/403 as for the meeting itself
        Json.send(res, Status.OK_200, view(recorder.status(id)));
    }

    private void change(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        String id = req.path().pathParameters().get("id");
        Action a = Json.read(req, Action.class);
        if (!MeetingControl.allowed(caller, id, meetings, live)) {
            throw AppException.forbidden("Only the host or a co-host can record this meeting");
        }
        try {
            switch (a.action() == null ? "" : a.action()) {
                case "start" -> {
                    String name = live.meeting(id).flatMap(m -> m.participant(caller.userId())).map(p -> p.displayName())
                            .orElse(caller.displayName() == null || caller.displayName().isBlank() ? caller.email() : caller.displayName());
                    Json.send(res, Status.CREATED_201, view(recorder.start(id, name)));
                }
                case "stop" -> {
                    recorder.stop(id);
                    Json.send(res, Status.OK_200, view(RecordingStatus.OFF));
                }
                default -> throw AppException.invalidField("action", "must be start or stop");
            }
        } catch (ModerationException e) {
            ErrorCode code = switch (e.errorCode()) {
                case NOT_LIVE, RECORDING_ACTIVE, RECORDING_INACTIVE, DISK_FULL, QUOTA_EXCEEDED, E2EE_NO_RECORDING,
                        RECORDING_NOT_ALLOWED -> e.errorCode();
                default -> ErrorCode.CONFLICT;
            };
            throw new AppException(code, e.getMessage());
        }
    }

    private void captionStatus(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        String id = req.path().pathParameters().get("id");
        meetings.get(caller, id);
        Json.send(res, Status.OK_200, Map.of("active", recorder.captions().isActive(id), "vocabulary", recorder.captions().vocabulary(id)));
    }

    private void captions(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        String id = req.path().pathParameters().get("id");
        Action a = Json.read(req, Action.class);
        if (!MeetingControl.allowed(caller, id, meetings, live)) {
            throw AppException.forbidden("Only the host or a co-host can turn captions on or off");
        }
        try {
            switch (a.action() == null ? "" : a.action()) {
                case "start" -> recorder.captions().start(id, actorName(caller, id));
                case "stop" -> recorder.captions().stop(id);
                default -> throw AppException.invalidField("action", "must be start or stop");
            }
        } catch (ModerationException e) {
            ErrorCode code = switch (e.errorCode()) {
                case NOT_LIVE, E2EE_NO_CAPTIONS, CAPTIONS_UNAVAILABLE -> e.errorCode();
                default -> ErrorCode.CONFLICT;
            };
            throw new AppException(code, e.getMessage());
        }
        Json.send(res, Status.OK_200, Map.of("active", recorder.captions().isActive(id), "vocabulary", recorder.captions().vocabulary(id)));
    }

    private String actorName(com.zoomvconnect.auth.Principal caller, String id) {
        return live.meeting(id).flatMap(m -> m.participant(caller.userId())).map(p -> p.displayName())
                .orElse(caller.displayName() == null || caller.displayName().isBlank() ? caller.email() : caller.displayName());
    }

    private static Map<String, Object> view(RecordingStatus s) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("active", s.active());
        m.put("recordingId", s.recordingId());
        m.put("startedAt", s.startedAt());
        m.put("startedBy", s.startedBy());
        return m;
    }
}
