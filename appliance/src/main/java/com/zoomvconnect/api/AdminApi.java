package com.zoomvconnect.api;

import com.zoomvconnect.admin.ActivityHistory;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.record.RecordingManager;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin}: server settings and the dashboard's overview, for administrators only; it
 * also mounts the dashboard's users ({@link AdminUsersApi}), live meetings ({@link AdminMeetingsApi}),
 * SSO and branding settings ({@link AdminSettingsApi}), the audit log ({@link AdminAuditApi}) and the
 * cluster's nodes ({@link AdminClusterApi}).
 */
public final class AdminApi implements HttpService {
    /** What the admin endpoints need; {@code media} reads the SFU's counters (the api layer does not see the SFU). */
    public record Parts(AuthService auth, ApiAuth apiAuth, AdminService admin, LiveMeetings live, MeetingService meetings,
                        ModerationAudit audit, RecordingManager recorder, Supplier<MediaTotals> media,
                        ActivityHistory history, MeetingPlacement placement) {
        /** The parts of a single site. */
        public Parts(AuthService auth, ApiAuth apiAuth, AdminService admin, LiveMeetings live, MeetingService meetings,
                     ModerationAudit audit, RecordingManager recorder, Supplier<MediaTotals> media, ActivityHistory history) {
            this(auth, apiAuth, admin, live, meetings, audit, recorder, media, history, MeetingPlacement.SINGLE_NODE);
        }
    }

    private final AuthService authService;
    private static final String RECORDING_SETTING =
            "the Settings page or zvc-admin recordings limits (they override recording.quota.gb and recording.retention.days "
            + "of the configuration)";

    private final ApiAuth auth;
    private final AdminOverview overview;
    private final RecordingManager recorder;
    private final ActivityHistory history;
    private final AdminService admin;

    private AdminApi(Parts p) {
        this.authService = p.auth();
        this.auth = p.apiAuth();
        this.overview = new AdminOverview(p.admin(), p.live(), p.recorder(), p.media());
        this.recorder = p.recorder();
        this.history = p.history();
        this.admin = p.admin();
    }

    /** Mounts {@code /api/v1/admin} and its users and live-meetings resources. */
    public static void routing(HttpRouting.Builder routing, Parts parts) {
        routing.register("/api/v1/admin/users", new AdminUsersApi(parts.apiAuth(), parts.admin()));
        routing.register("/api/v1/admin/meetings", new AdminMeetingsApi(parts));
        routing.register("/api/v1/admin/audit", new AdminAuditApi(parts.apiAuth(), parts.admin()));
        routing.register("/api/v1/admin/cluster", new AdminClusterApi(parts));
        routing.register("/api/v1/admin", new AdminSettingsApi(parts.apiAuth(), parts.admin()));
        routing.register("/api/v1/admin", new AdminApi(parts));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/settings", this::get).patch("/settings", this::patch)
                .get("/overview", this::overview)
                .get("/history", this::history)
                .get("/meeting-defaults", this::meetingDefaults).patch("/meeting-defaults", this::meetingDefaults);
        Routes.methodNotAllowed(rules, "/settings", "/overview", "/history", "/meeting-defaults");
    }

    private void overview(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, overview.now());
    }

    /** The last 24 hours of one-minute samples, oldest first, with the interval and retention they are kept at. */
    private void history(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("intervalSeconds", ActivityHistory.INTERVAL.toSeconds());
        body.put("retentionHours", ActivityHistory.RETENTION.toHours());
        body.put("samples", history.recent());
        Json.send(res, Status.OK_200, body);
    }

    /** GET shows, PATCH changes ({@code {"waitingRoom": true, ...}}) the options new meetings get by default. */
    private void meetingDefaults(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        if (req.prologue().method() == io.helidon.http.Method.GET) {
            Json.send(res, Status.OK_200, admin.execute("meeting-defaults.show", java.util.Map.of()));
            return;
        }
        var args = new java.util.LinkedHashMap<String, String>();
        java.util.Map<?, ?> body = Json.read(req, java.util.Map.class);
        body.forEach((k, v) -> {
            if (!(v instanceof Boolean)) {
                throw AppException.invalidField(String.valueOf(k), "must be true or false");
            }
            args.put(String.valueOf(k), v.toString());
        });
        Json.send(res, Status.OK_200, admin.execute("meeting-defaults.set", args));
    }

    private void get(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, settings());
    }

    private void patch(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        var body = Json.read(req, Dto.SettingsPatch.class);
        RegistrationPolicy policy = registrationPolicy(body);
        if (policy != null) {
            authService.setRegistrationPolicy(policy);
        }
        Json.send(res, Status.OK_200, settings());
    }

    private Dto.SettingsJson settings() {
        RecordingManager.Storage s = recorder.storage();
        var limits = new Dto.RecordingLimits(s.quotaBytes(), recorder.retentionDays(), s.usedBytes(), RECORDING_SETTING);
        return Dto.SettingsJson.of(authService.registration(), limits);
    }

    /** The policy the patch asks for, or null when it leaves registration alone. */
    private static RegistrationPolicy registrationPolicy(Dto.SettingsPatch body) {
        if (body.selfRegistration() != null) {
            if (body.registrationPolicy() != null || body.registrationDomains() != null) {
                throw new AppException(ErrorCode.BAD_REQUEST, "Give registrationPolicy (and registrationDomains) or the older "
                        + "selfRegistration, not both");
            }
            return body.selfRegistration() ? RegistrationPolicy.OPEN : RegistrationPolicy.CLOSED;
        }
        if (body.registrationPolicy() == null) {
            if (body.registrationDomains() != null) {
                throw AppException.invalidField("registrationDomains", "needs registrationPolicy \"domains\" beside it");
            }
            return null;
        }
        RegistrationPolicy.Mode mode;
        try {
            mode = RegistrationPolicy.Mode.of(body.registrationPolicy());
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("registrationPolicy", e.getMessage());
        }
        try {
            return RegistrationPolicy.of(mode, body.registrationDomains());
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("registrationDomains", e.getMessage());
        }
    }
}
