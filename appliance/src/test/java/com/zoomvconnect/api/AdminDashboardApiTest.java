package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.meeting.ModerationAudit;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin dashboard's endpoints: administrators only, the overview, live meetings and their interventions, users. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminDashboardApiTest {
    private Appliance appliance;
    private ApiClient api;
    private String admin;
    private String plainUser;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        admin = api.post("/api/v1/auth/register", null, Map.of("email", "ada@example.com", "password", "password1",
                "displayName", "Ada")).json().path("accessToken").asText();
        assertEquals(201, api.post("/api/v1/admin/users", admin, Map.of("email", "bob@example.com", "password", "password1",
                "displayName", "Bob")).status());
        plainUser = login("bob@example.com", "password1").json().path("accessToken").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private ApiClient.Response login(String email, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
    }

    static Stream<Arguments> adminEndpoints() {
        String id = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("GET", "/api/v1/admin/overview"),
                Arguments.of("GET", "/api/v1/admin/history"),
                Arguments.of("GET", "/api/v1/admin/meeting-defaults"),
                Arguments.of("PATCH", "/api/v1/admin/meeting-defaults"),
                Arguments.of("GET", "/api/v1/admin/meetings?q=a"),
                Arguments.of("GET", "/api/v1/admin/meetings/live"),
                Arguments.of("GET", "/api/v1/admin/cluster"),
                Arguments.of("POST", "/api/v1/admin/meetings/" + id + "/end"),
                Arguments.of("DELETE", "/api/v1/admin/meetings/" + id + "/participants/p1"),
                Arguments.of("GET", "/api/v1/admin/users?q=a"),
                Arguments.of("POST", "/api/v1/admin/users"),
                Arguments.of("PATCH", "/api/v1/admin/users/" + id),
                Arguments.of("POST", "/api/v1/admin/users/" + id + "/password"),
                Arguments.of("POST", "/api/v1/admin/users/" + id + "/sign-out"),
                Arguments.of("GET", "/api/v1/admin/settings"),
                Arguments.of("PATCH", "/api/v1/admin/settings"),
                Arguments.of("GET", "/api/v1/admin/sso"),
                Arguments.of("PATCH", "/api/v1/admin/sso"),
                Arguments.of("GET", "/api/v1/admin/branding"),
                Arguments.of("PATCH", "/api/v1/admin/branding"),
                Arguments.of("GET", "/api/v1/admin/audit?user=bob"),
                Arguments.of("GET", "/api/v1/admin/audit?format=csv"),
                Arguments.of("GET", "/api/v1/admin/tls"),
                Arguments.of("GET", "/api/v1/admin/recording-limits"),
                Arguments.of("PATCH", "/api/v1/admin/recording-limits"),
                Arguments.of("DELETE", "/api/v1/admin/recording-limits"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adminEndpoints")
    void refusesAnonymousCallersWith401AndNonAdministratorsWith403(String method, String path) {
        String body = method.equals("GET") || method.equals("DELETE") ? null : "{\"disabled\":true,\"password\":\"password2\"}";
        String type = body == null ? null : "application/json";
        ApiClient.Response anonymous = api.raw(method, path, null, type, body);
        assertEquals(401, anonymous.status(), anonymous.body());
        assertEquals("unauthorized", anonymous.errorCode());
        ApiClient.Response user = api.raw(method, path, plainUser, type, body);
        assertEquals(403, user.status(), user.body());
        assertEquals("forbidden", user.errorCode());
    }

    @Test
    void everyDashboardEndpointIsInTheOpenApiDocument() {
        String doc = api.send(api.builder("/api/docs", null).header("Accept", "application/yaml").GET()).body();
        for (String path : new String[] {"/admin/overview:", "/admin/history:", "/admin/meetings:", "/admin/meetings/live:", "/admin/meetings/{id}/end:",
                "/admin/meetings/{id}/participants/{pid}:", "/admin/users:", "/admin/users/{id}:", "/admin/users/{id}/password:",
                "/admin/users/{id}/sign-out:", "/admin/sso:", "/admin/branding:", "/admin/audit:", "/admin/meeting-defaults:", "/admin/tls:",
                "/admin/recording-limits:", "/admin/cluster:"}) {
            assertTrue(doc.contains("  " + path), path + " missing from /api/docs");
        }
    }

    @Test
    void theOverviewShowsLiveMeetingsMediaAndTheMachine() {
        JsonNode o = api.get("/api/v1/admin/overview", admin).json();
        assertTrue(o.path("version").isTextual(), o.toString());
        assertTrue(o.path("uptimeSeconds").asLong() >= 0);
        assertTrue(o.path("liveMeetings").isInt());
        assertTrue(o.path("media").has("packetsInPerSecond") && o.path("media").has("bitrateOutBps"), o.toString());
        assertTrue(o.path("cpu").path("processors").asInt() >= 1);
        assertTrue(o.path("memory").path("maxBytes").asLong() > 0);
        assertTrue(o.path("recordings").path("freeBytes").asLong() > 0);
    }

    @Test
    void onASingleSiteTheClusterViewShowsThisApplianceAlone() throws Exception {
        String meeting = api.post("/api/v1/meetings", plainUser, Map.of("title", "Alone")).json().path("id").asText();
        JsonNode grant = api.post("/api/v1/meetings/" + meeting + "/join", plainUser, Map.of()).json();
        try (SignalSocket bob = SignalSocket.join(appliance.httpsPort(), grant.path("token").asText())) {
            bob.next("welcome");
            JsonNode c = api.get("/api/v1/admin/cluster", admin).json();
            assertFalse(c.path("clustered").asBoolean(), c.toString());
            assertTrue(c.path("thisNode").isNull(), c.toString());
            assertEquals(1, c.path("nodes").size(), c.toString());
            JsonNode self = c.path("nodes").get(0);
            assertTrue(self.path("alive").asBoolean() && self.path("self").asBoolean(), c.toString());
            assertEquals(api.get("/api/v1/admin/overview", admin).json().path("version").asText(), self.path("version").asText());
            assertTrue(self.path("participants").asInt() >= 1 && self.path("meetings").asInt() >= 1, c.toString());
            assertEquals(0, c.path("placements").size(), c.toString());
            JsonNode live = api.get("/api/v1/admin/meetings/live", admin).json().path("items");
            for (JsonNode m : live) {
                assertTrue(m.has("node") && m.path("node").isNull(), "no node on a single site: " + m);
            }
            assertEquals(200, api.post("/api/v1/admin/meetings/" + meeting + "/end", admin, Map.of()).status());
            bob.next("meetingEnded"); // gone before the other tests count live meetings
        }
    }

    @Test
    void anAdministratorSeesALiveMeetingRemovesAParticipantAndEndsIt() throws Exception {
        String meeting = api.post("/api/v1/meetings", plainUser, Map.of("title", "Standup")).json().path("id").asText();
        JsonNode bobGrant = api.post("/api/v1/meetings/" + meeting + "/join", plainUser, Map.of()).json();
        assertEquals(200, api.patch("/api/v1/admin/settings", admin, Map.of("registrationPolicy", "open")).status());
        String carol = api.post("/api/v1/auth/register", null, Map.of("email", "carol@example.com", "password", "password1",
                "displayName", "Carol")).json().path("accessToken").asText();
        JsonNode carolGrant = api.post("/api/v1/meetings/" + meeting + "/join", carol, Map.of()).json();
        // Not closed here: the server closes both (one removed, one ended).
        var bob = SignalSocket.join(appliance.httpsPort(), bobGrant.path("token").asText());
        var carolSocket = SignalSocket.join(appliance.httpsPort(), carolGrant.path("token").asText());
        bob.next("welcome");
        carolSocket.next("welcome");

        JsonNode live = api.get("/api/v1/admin/meetings/live", admin).json().path("items");
        assertEquals(1, live.size(), live.toString());
        JsonNode m = live.get(0);
        assertEquals("Standup", m.path("title").asText());
        assertEquals("Bob", m.path("ownerName").asText());
        assertEquals("Bob", m.path("host").asText());
        assertFalse(m.path("recording").path("active").asBoolean());
        assertEquals(2, m.path("participants").size(), m.toString());
        assertEquals("main", m.path("participants").get(1).path("room").asText());
        assertEquals(1, api.get("/api/v1/admin/overview", admin).json().path("liveMeetings").asInt());

        String carolId = carolGrant.path("participantId").asText();
        assertEquals(404, api.delete("/api/v1/admin/meetings/" + meeting + "/participants/nobody", admin).status());
        assertEquals(204, api.delete("/api/v1/admin/meetings/" + meeting + "/participants/" + carolId, admin).status());
        assertEquals("Ada", carolSocket.next("removed").path("by").asText());
        carolSocket.closed.get(30, TimeUnit.SECONDS);
        assertEquals("removed", bob.next("participantLeft").path("reason").asText());

        JsonNode ended = api.post("/api/v1/admin/meetings/" + meeting + "/end", admin, Map.of()).json();
        assertEquals("ended", ended.path("status").asText(), ended.toString());
        bob.next("meetingEnded");
        bob.closed.get(30, TimeUnit.SECONDS);
        assertEquals(0, api.get("/api/v1/admin/meetings/live", admin).json().path("items").size());
        assertEquals("not_live", api.post("/api/v1/admin/meetings/" + meeting + "/end", admin, Map.of()).errorCode());
        String audit = api.get("/api/v1/meetings/" + meeting + "/audit", admin).json().path("items").toString();
        assertTrue(audit.contains("\"action\":\"remove\"") && audit.contains("end_meeting") && audit.contains("administrator"), audit);
    }

    @Test
    void newMeetingsGetTheDefaultOptionsAnAdministratorSet() {
        assertEquals("{\"waitingRoom\":false,\"allowGuests\":false,\"muteOnEntry\":false,\"recordingAllowed\":true}",
                api.get("/api/v1/admin/meeting-defaults", admin).body());
        ApiClient.Response set = api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("waitingRoom", true, "muteOnEntry", true));
        assertEquals(200, set.status(), set.body());
        assertTrue(set.json().path("waitingRoom").asBoolean() && set.json().path("muteOnEntry").asBoolean());
        try {
            JsonNode m = api.post("/api/v1/meetings", plainUser, Map.of("title", "Defaults")).json();
            assertTrue(m.path("waitingRoom").asBoolean(), m.toString());
            assertTrue(m.path("muteOnEntry").asBoolean(), m.toString());
            assertFalse(m.path("allowGuests").asBoolean(), m.toString());
            JsonNode chosen = api.post("/api/v1/meetings", plainUser, Map.of("title", "Chosen", "waitingRoom", false)).json();
            assertFalse(chosen.path("waitingRoom").asBoolean(), "the creator's choice wins: " + chosen);
            assertEquals("invalid_field", api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("waitingRoom", "yes")).errorCode());
            assertEquals("invalid_field", api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("colour", true)).errorCode());
        } finally {
            api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("waitingRoom", false, "muteOnEntry", false));
        }
    }

    @Test
    void pastMeetingsAreFoundByTitleHostAndDayWithAttendanceAndDuration() throws Exception {
        String meeting = api.post("/api/v1/meetings", plainUser, Map.of("title", "Retro 42")).json().path("id").asText();
        var bob = SignalSocket.join(appliance.httpsPort(),
                api.post("/api/v1/meetings/" + meeting + "/join", plainUser, Map.of()).json().path("token").asText());
        bob.next("welcome");
        var ada = SignalSocket.join(appliance.httpsPort(),
                api.post("/api/v1/meetings/" + meeting + "/join", admin, Map.of()).json().path("token").asText());
        ada.next("welcome");
        ada.close();
        var again = SignalSocket.join(appliance.httpsPort(), // a second connection of the same person counts once
                api.post("/api/v1/meetings/" + meeting + "/join", admin, Map.of()).json().path("token").asText());
        again.next("welcome");
        Thread.sleep(1100); // a measurable duration
        assertEquals(200, api.post("/api/v1/admin/meetings/" + meeting + "/end", admin, Map.of()).status());
        bob.closed.get(30, TimeUnit.SECONDS);

        JsonNode items = api.get("/api/v1/admin/meetings?q=retro", admin).json().path("items");
        assertEquals(1, items.size(), items.toString());
        JsonNode m = items.get(0);
        assertEquals("Retro 42", m.path("title").asText());
        assertEquals("Bob", m.path("hostName").asText());
        assertEquals(2, m.path("attendance").asInt(), m.toString());
        assertTrue(m.path("durationSeconds").asLong() >= 1 && m.path("durationSeconds").asLong() < 120, m.toString());
        String day = m.path("endedAt").asText().substring(0, 10);
        String from = java.net.URLEncoder.encode(day + "T00:00:00Z", java.nio.charset.StandardCharsets.UTF_8);
        String to = java.net.URLEncoder.encode(java.time.LocalDate.parse(day).plusDays(1) + "T00:00:00Z",
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, api.get("/api/v1/admin/meetings?q=retro&host=bob@example", admin).json().path("items").size());
        assertEquals(1, api.get("/api/v1/admin/meetings?q=retro&from=" + from + "&to=" + to, admin).json().path("items").size(),
                from + " " + to + " " + m);
        assertEquals(0, api.get("/api/v1/admin/meetings?q=retro&host=carol", admin).json().path("items").size());
        assertEquals(0, api.get("/api/v1/admin/meetings?q=retro&to=" + from, admin).json().path("items").size());
        // Typed by hand, with the ':' and '+' of a time unencoded: the same meeting, or a clear 400.
        ApiClient.Response typed = api.get("/api/v1/admin/meetings?q=retro&from=" + day + "T00:00:00Z&to="
                + java.time.LocalDate.parse(day).plusDays(1) + "T00:00:00Z", admin);
        assertEquals(200, typed.status(), typed.body());
        assertEquals(1, typed.json().path("items").size(), "unencoded ':': " + typed.body());
        assertEquals(1, api.get("/api/v1/admin/meetings?q=retro&from=" + day + "T00:00:00%2B00:00", admin).json().path("items").size(),
                "an offset");
        ApiClient.Response plus = api.get("/api/v1/admin/meetings?q=retro&from=" + day + "T00:00:00+00:00", admin);
        assertEquals(400, plus.status(), plus.body());
        assertTrue(plus.json().path("error").path("message").asText().contains("%2B"), plus.body());
        ApiClient.Response bad = api.get("/api/v1/admin/meetings?from=yesterday", admin);
        assertEquals(400, bad.status(), bad.body());
        assertEquals("invalid_field", bad.errorCode());
    }

    @Test
    void tlsStatusDescribesTheCertificateTheHttpsListenerServes() throws Exception {
        var served = servedCertificate(appliance.httpsPort());
        JsonNode t = api.get("/api/v1/admin/tls", admin).json();
        assertTrue(t.path("present").asBoolean() && t.path("inUse").asBoolean(), t.toString());
        assertEquals(served.getSubjectX500Principal().getName(), t.path("subject").asText());
        assertEquals(served.getIssuerX500Principal().getName(), t.path("issuer").asText());
        assertEquals(served.getNotAfter().toInstant().toString(), t.path("notAfter").asText());
        long days = java.time.Duration.between(Instant.now(), served.getNotAfter().toInstant()).toDays();
        assertTrue(Math.abs(days - t.path("daysLeft").asLong()) <= 1, t.toString());
        assertTrue(t.path("selfSigned").asBoolean(), "the test appliance generates its own: " + t);
        assertFalse(t.path("expiresSoon").asBoolean(), t.toString());
        assertTrue(t.path("warning").asText().startsWith("Self-signed"), t.toString());
        assertTrue(t.path("names").toString().contains("127.0.0.1"), t.toString());
    }

    private static java.security.cert.X509Certificate servedCertificate(int port) throws Exception {
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (var socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void meetingsCreatedWhileRecordingIsOffRefuseToBeRecordedOverRestAndSignaling() throws Exception {
        assertEquals(200, api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("recordingAllowed", false)).status());
        String meeting;
        try {
            meeting = api.post("/api/v1/meetings", plainUser, Map.of("title", "Off the record")).json().path("id").asText();
        } finally {
            assertTrue(api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("recordingAllowed", true)).json()
                    .path("recordingAllowed").asBoolean());
        }
        var bob = SignalSocket.join(appliance.httpsPort(),
                api.post("/api/v1/meetings/" + meeting + "/join", plainUser, Map.of()).json().path("token").asText());
        JsonNode welcome = bob.next("welcome");
        assertFalse(welcome.path("policy").path("recordingAllowed").asBoolean(true), welcome.toString());
        // Turned on again meanwhile: the meeting keeps the default it was created under.
        ApiClient.Response refused = api.post("/api/v1/meetings/" + meeting + "/recording", plainUser, Map.of("action", "start"));
        assertEquals(403, refused.status(), refused.body());
        assertEquals("recording_not_allowed", refused.errorCode());
        assertTrue(refused.json().path("error").path("message").asText().contains("administrators"), refused.body());
        bob.send("{\"type\":\"recording\",\"on\":true}");
        assertEquals("recording_not_allowed", bob.next("error").path("code").asText());
        assertEquals(200, api.post("/api/v1/admin/meetings/" + meeting + "/end", admin, Map.of()).status());
        bob.closed.get(30, TimeUnit.SECONDS);
        assertEquals("invalid_field", api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("recordingAllowed", "no")).errorCode());
    }

    @Test
    void recordingQuotaAndRetentionAreSetHereOverTheConfigurationValidatedAndAudited() {
        JsonNode before = api.get("/api/v1/admin/recording-limits", admin).json();
        assertEquals("configuration", before.path("quotaSource").asText(), before.toString());
        assertTrue(before.path("usedBytes").isIntegralNumber(), before.toString());
        try {
            ApiClient.Response set = api.patch("/api/v1/admin/recording-limits", admin, Map.of("quotaGb", 5, "retentionDays", 30));
            assertEquals(200, set.status(), set.body());
            assertEquals(5L * 1024 * 1024 * 1024, set.json().path("quotaBytes").asLong());
            assertEquals("settings", set.json().path("retentionSource").asText());
            JsonNode s = api.get("/api/v1/admin/settings", admin).json().path("recording");
            assertEquals(5L * 1024 * 1024 * 1024, s.path("quotaBytes").asLong(), "the recorder applies it at once: " + s);
            assertEquals(30, s.path("retentionDays").asInt(), s.toString());
            for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("quotaGb", -1), Map.of("retentionDays", "soon"),
                    Map.of("retentionDays", 1.5), Map.of("colour", 1))) {
                ApiClient.Response r = api.patch("/api/v1/admin/recording-limits", admin, bad);
                assertEquals(400, r.status(), bad + " " + r.body());
                assertEquals("invalid_field", r.errorCode(), r.body());
                assertFalse(r.json().path("error").path("message").asText().isBlank(), r.body());
            }
            assertEquals("bad_request", api.patch("/api/v1/admin/recording-limits", admin, Map.of()).errorCode());
            JsonNode audit = api.get("/api/v1/admin/audit?action=set_recording_limits", admin).json().path("items");
            assertTrue(audit.size() >= 1 && audit.get(0).path("actorName").asText().equals("Ada")
                    && audit.get(0).path("detail").asText().contains("-> 30 days"), audit.toString());
        } finally {
            JsonNode reset = api.delete("/api/v1/admin/recording-limits", admin).json();
            assertEquals("configuration", reset.path("quotaSource").asText(), reset.toString());
        }
    }

    @Test
    void anAdministratorManagesAccounts() {
        ApiClient.Response created = api.post("/api/v1/admin/users", admin, Map.of("email", "dave@example.com",
                "password", "password1", "displayName", "Dave Doe"));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertEquals("user", created.json().path("role").asText());
        assertEquals("email_taken", api.post("/api/v1/admin/users", admin, Map.of("email", "dave@example.com",
                "password", "password1")).errorCode());
        assertEquals("invalid_field", api.post("/api/v1/admin/users", admin, Map.of("email", "erin@example.com",
                "password", "short")).errorCode());

        JsonNode found = api.get("/api/v1/admin/users?q=DOE", admin).json().path("items");
        assertEquals(1, found.size(), found.toString());
        assertEquals("dave@example.com", found.get(0).path("email").asText());

        String daveToken = login("dave@example.com", "password1").json().path("refreshToken").asText();
        assertEquals(true, api.patch("/api/v1/admin/users/" + id, admin, Map.of("disabled", true)).json().path("disabled").asBoolean());
        int refused = login("dave@example.com", "password1").status();
        assertTrue(refused == 401 || refused == 403, "a disabled account cannot sign in: " + refused);
        assertEquals(401, api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", daveToken)).status(), "signed out");
        assertEquals(false, api.patch("/api/v1/admin/users/" + id, admin, Map.of("disabled", false)).json().path("disabled").asBoolean());

        assertEquals("admin", api.patch("/api/v1/admin/users/" + id, admin, Map.of("role", "admin")).json().path("role").asText());
        assertEquals("invalid_field", api.patch("/api/v1/admin/users/" + id, admin, Map.of("role", "owner")).errorCode());
        assertEquals("user", api.patch("/api/v1/admin/users/" + id, admin, Map.of("role", "user")).json().path("role").asText());

        assertEquals(200, api.post("/api/v1/admin/users/" + id + "/password", admin, Map.of("password", "password2")).status());
        assertEquals(401, login("dave@example.com", "password1").status());
        String refresh = login("dave@example.com", "password2").json().path("refreshToken").asText();
        assertEquals(200, api.post("/api/v1/admin/users/" + id + "/sign-out", admin, Map.of()).status());
        assertEquals(401, api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh)).status(), "signed out everywhere");

        String adaId = api.get("/api/v1/admin/users?q=ada@", admin).json().path("items").get(0).path("id").asText();
        assertEquals("conflict", api.patch("/api/v1/admin/users/" + adaId, admin, Map.of("disabled", true)).errorCode());
        ApiClient.Response unknown = api.patch("/api/v1/admin/users/" + UUID.randomUUID(), admin, Map.of("disabled", true));
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.errorCode());
        assertEquals("bad_request", api.patch("/api/v1/admin/users/" + id, admin, Map.of()).errorCode());
    }

    private static final String PNG = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static String dataUri(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void settingsShowTheRecordingLimitsAndWhereToChangeThem() {
        JsonNode s = api.get("/api/v1/admin/settings", admin).json();
        assertTrue(s.path("registrationPolicy").isTextual(), s.toString());
        assertTrue(s.path("recording").path("quotaBytes").isIntegralNumber(), s.toString());
        assertTrue(s.path("recording").path("retentionDays").isInt(), s.toString());
        assertTrue(s.path("recording").path("setting").asText().contains("recording.retention.days"), s.toString());
    }

    @Test
    void ssoSettingsAreChangedAsZvcAdminSsoSetChangesThemWithSecretsMasked() {
        JsonNode set = api.patch("/api/v1/admin/sso", admin, Map.of("oidc.issuer", "https://idp.example.com/realms/acme",
                "oidc.clientId", "zoomvconnect", "oidc.clientSecret", "s3cr3t")).json();
        assertEquals("https://idp.example.com/realms/acme", set.path("oidc.issuer").asText(), set.toString());
        assertEquals("********", set.path("oidc.clientSecret").asText());
        assertFalse(api.get("/api/v1/admin/sso", admin).body().contains("s3cr3t"));
        // The masked value sent back keeps the secret; enabling still needs issuer and client id, which are there.
        JsonNode kept = api.patch("/api/v1/admin/sso", admin, Map.of("oidc.clientSecret", "********", "oidc.enabled", true)).json();
        assertEquals("********", kept.path("oidc.clientSecret").asText(), kept.toString());
        assertEquals("true", kept.path("oidc.enabled").asText());
        assertEquals("false", api.patch("/api/v1/admin/sso", admin, Map.of("oidc.enabled", false)).json().path("oidc.enabled").asText());

        ApiClient.Response plainHttp = api.patch("/api/v1/admin/sso", admin, Map.of("saml.idpMetadataUrl", "http://idp.example.com/md"));
        assertEquals(400, plainHttp.status(), plainHttp.body());
        assertEquals("invalid_field", plainHttp.errorCode());
        assertEquals("invalid_field", api.patch("/api/v1/admin/sso", admin, Map.of("oidc.password", "x")).errorCode());
    }

    @Test
    void brandingIsAppliedAtOnceAndBadImagesAreRefused() {
        JsonNode b = api.patch("/api/v1/admin/branding", admin, Map.of("productName", "Acme Meet", "primaryColor", "#0B6E4F",
                "logo", PNG, "favicon", dataUri("image/x-icon", new byte[] {0, 0, 1, 0, 1, 0, 16, 16}))).json();
        assertEquals("Acme Meet", b.path("productName").asText(), b.toString());
        assertEquals("#0b6e4f", b.path("primaryColor").asText());
        assertEquals("Acme Meet", api.get("/api/v1/branding", null).json().path("productName").asText());
        assertEquals(PNG, api.get("/api/v1/branding", null).json().path("logo").asText());
        assertTrue(api.get("/branding.css", null).body().contains("#0b6e4f"));
        assertTrue(api.get("/manifest.webmanifest", null).body().contains("Acme Meet"));

        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16};
        Map<String, String> refused = Map.of(
                "JPEG bytes called PNG", dataUri("image/png", jpeg),
                "a text file", dataUri("text/plain", "hello".getBytes()),
                "an icon as logo", dataUri("image/x-icon", new byte[] {0, 0, 1, 0, 1, 0, 16, 16}),
                "over 256 KiB", dataUri("image/jpeg", java.util.Arrays.copyOf(jpeg, 256 * 1024 + 1)),
                "an SVG without <svg>", dataUri("image/svg+xml", "<html><script>1</script></html>".getBytes()));
        refused.forEach((what, uri) -> {
            ApiClient.Response r = api.patch("/api/v1/admin/branding", admin, Map.of("logo", uri));
            assertEquals(400, r.status(), what + ": " + r.body());
            assertEquals("invalid_field", r.errorCode(), what);
        });
        assertEquals(PNG, api.get("/api/v1/branding", null).json().path("logo").asText(), "a refused upload changes nothing");
        assertEquals("invalid_field", api.patch("/api/v1/admin/branding", admin, Map.of("primaryColor", "red")).errorCode());
        ApiClient.Response huge = api.patch("/api/v1/admin/branding", admin, Map.of("logo", "x".repeat(900 * 1024)));
        assertEquals(413, huge.status());
        assertEquals("invalid_field", api.patch("/api/v1/admin/branding", admin, Map.of("css", "body{}")).errorCode());
        api.patch("/api/v1/admin/branding", admin, Map.of("productName", "ZoomVconnect", "primaryColor", "#2463eb", "logo", "", "favicon", ""));
    }

    @Test
    void theAuditLogIsFilteredPagedAndExportedAsCsv() {
        var audit = new ModerationAudit(appliance.database(), Clock.systemUTC());
        String retro = api.post("/api/v1/meetings", plainUser, Map.of("title", "Retro, \"Q4\"")).json().path("id").asText();
        String planning = api.post("/api/v1/meetings", plainUser, Map.of("title", "Planning")).json().path("id").asText();
        String before = java.net.URLEncoder.encode(Instant.now().toString(), java.nio.charset.StandardCharsets.UTF_8);
        audit.record(retro, "u1", "Bob", "mute", "p2", "Zed Zebra", "by the host");
        audit.record(retro, "u1", "Bob", "remove", "p3", "Yan", "=HYPERLINK(\"x\")");
        audit.record(planning, "u1", "Bob", "mute", "p4", "Zed Zebra", null);

        JsonNode all = api.get("/api/v1/admin/audit?user=zebra", admin).json();
        assertEquals(2, all.path("total").asInt(), all.toString());
        assertEquals("Planning", all.path("items").get(0).path("meetingTitle").asText(), "newest first");
        assertEquals(1, api.get("/api/v1/admin/audit?meeting=retro&action=mute", admin).json().path("total").asInt());
        assertEquals(2, api.get("/api/v1/admin/audit?meeting=" + retro, admin).json().path("total").asInt());
        JsonNode page = api.get("/api/v1/admin/audit?user=bob&from=" + before + "&limit=1&offset=1", admin).json();
        assertEquals(3, page.path("total").asInt(), page.toString());
        assertEquals(1, page.path("items").size());
        assertEquals("remove", page.path("items").get(0).path("action").asText());
        assertEquals(0, api.get("/api/v1/admin/audit?meeting=" + retro + "&to=" + before, admin).json().path("total").asInt());
        assertEquals("invalid_field", api.get("/api/v1/admin/audit?from=yesterday", admin).errorCode());
        assertEquals("invalid_field", api.get("/api/v1/admin/audit?limit=0", admin).errorCode());

        ApiClient.Response csv = api.get("/api/v1/admin/audit?format=csv&meeting=retro", admin);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        assertTrue(csv.header("Content-Disposition").startsWith("attachment; filename="), csv.header("Content-Disposition"));
        String[] lines = csv.body().split("\r\n");
        assertEquals("at,meetingId,meetingTitle,actorId,actorName,action,targetId,targetName,detail", lines[0]);
        assertEquals(3, lines.length, csv.body());
        assertTrue(lines[1].contains("\"Retro, \"\"Q4\"\"\"") && lines[1].contains(",remove,"), lines[1]);
        assertTrue(lines[1].endsWith(",\"'=HYPERLINK(\"\"x\"\")\""), "a formula stays text: " + lines[1]);
    }
}
