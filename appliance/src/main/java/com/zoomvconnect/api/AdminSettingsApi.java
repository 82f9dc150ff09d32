package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/admin/sso}, {@code /api/v1/admin/branding} and {@code /api/v1/admin/e2ee}: the settings
 * {@code zvc-admin sso set}, {@code branding set} and {@code e2ee set} change, run through the same
 * {@link AdminService} commands.
 */
final class AdminSettingsApi implements HttpService {
    /** What {@code sso.show} puts in place of a stored secret; sent back unchanged it keeps the secret. */
    static final String MASK = "********";
    /** A logo and a favicon of 256 KiB each, base64 in JSON, with room to spare. */
    private static final int MAX_BRANDING_BODY = 800 * 1024;

    private final ApiAuth auth;
    private final AdminService admin;

    AdminSettingsApi(ApiAuth auth, AdminService admin) {
        this.auth = auth;
        this.admin = admin;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/sso", this::sso).patch("/sso", this::setSso)
                .get("/branding", this::branding).patch("/branding", this::setBranding)
                .get("/e2ee", this::e2ee).patch("/e2ee", this::setE2ee)
                .get("/tls", this::tls)
                .get("/recording-limits", this::recordingLimits).patch("/recording-limits", this::setRecordingLimits)
                .delete("/recording-limits", this::resetRecordingLimits);
        Routes.methodNotAllowed(rules, "/sso", "/branding", "/e2ee", "/tls", "/recording-limits");
    }

    /** The certificate the HTTPS listener serves: subject, issuer, validity, days left, self-signed, a warning if any. */
    private void tls(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("tls.status", Map.of()));
    }

    private void recordingLimits(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("recording-limits.show", Map.of()));
    }

    /** {@code {"quotaGb": 50, "retentionDays": 30}} (either; 0 means none / forever), audited under the caller's name. */
    private void setRecordingLimits(ServerRequest req, ServerResponse res) {
        var caller = auth.requireAdmin(req);
        Map<String, String> args = strings(Json.read(req, Map.class), java.util.List.of("quotaGb", "retentionDays"));
        Json.send(res, Status.OK_200, admin.setRecordingLimits(args, caller.userId(), caller.displayName()));
    }

    /** Back to the configuration's values. */
    private void resetRecordingLimits(ServerRequest req, ServerResponse res) {
        var caller = auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.resetRecordingLimits(caller.userId(), caller.displayName()));
    }

    private void sso(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("sso.show", Map.of()));
    }

    /** Keys as {@code zvc-admin sso set} takes them; a masked secret sent back stays as it is. */
    private void setSso(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Map<String, String> args = strings(Json.read(req, Map.class), AdminService.SSO_KEYS);
        args.values().removeIf(MASK::equals);
        Json.send(res, Status.OK_200, args.isEmpty() ? admin.execute("sso.show", Map.of()) : admin.execute("sso.set", args));
    }

    private void e2ee(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("e2ee.show", Map.of()));
    }

    /** {@code {"policy": "off" | "allowed" | "required"}}, as {@code zvc-admin e2ee set}. */
    private void setE2ee(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("e2ee.set", strings(Json.read(req, Map.class), java.util.List.of("policy"))));
    }

    private void branding(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.branding());
    }

    /** Logo and favicon as {@code data:} URIs, checked as {@code zvc-admin branding set} checks its files. */
    private void setBranding(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("branding.set",
                strings(Json.read(req, Map.class, MAX_BRANDING_BODY), AdminService.BRANDING_KEYS)));
    }

    /** The body's fields as command arguments: strings, numbers and booleans; unknown keys refused. */
    private static Map<String, String> strings(Map<?, ?> body, java.util.List<String> keys) {
        Map<String, String> args = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!keys.contains(key)) {
                throw new AppException(ErrorCode.INVALID_FIELD, "Unknown field '" + key + "'; known: " + String.join(", ", keys));
            }
            if (v instanceof Map<?, ?> || v instanceof java.util.List<?>) {
                throw AppException.invalidField(key, "must be a string, number or boolean");
            }
            if (v != null) {
                args.put(key, String.valueOf(v));
            }
        });
        return args;
    }
}
