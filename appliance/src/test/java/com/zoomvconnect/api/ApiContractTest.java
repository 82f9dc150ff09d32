package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST API contract, end to end over HTTPS against a real appliance. Subclasses run it on
 * each supported database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContractTest {
    private static final AtomicInteger SEQ = new AtomicInteger();

    protected Appliance appliance;
    protected ApiClient api;
    private String adminToken;

    protected abstract Appliance startAppliance();

    /** A signed-up user: tokens and id. */
    record User(String id, String email, String access, String refresh) {
    }

    @BeforeAll
    void start() {
        appliance = startAppliance();
        api = new ApiClient(appliance.httpsPort());
        Response first = api.post("/api/v1/auth/register", null,
                Map.of("email", "Admin@Example.com", "password", "correct horse", "displayName", "Ada Admin"));
        assertEquals(201, first.status(), first.body());
        assertEquals("admin", first.json().path("user").path("role").asText(), "first account becomes admin");
        adminToken = first.json().path("accessToken").asText();
    }

    @AfterAll
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
    }

    User register() {
        String email = "user" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response r = api.post("/api/v1/auth/register", null, Map.of("email", email, "password", "password-" + email,
                "displayName", "User " + SEQ.get()));
        assertEquals(201, r.status(), r.body());
        return new User(r.json().path("user").path("id").asText(), email, r.json().path("accessToken").asText(),
                r.json().path("refreshToken").asText());
    }

    JsonNode createMeeting(User host, Map<String, Object> fields) {
        Response r = api.post("/api/v1/meetings", host.access(), fields);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    // ---- auth ----

    @Test
    void registerReturnsUserAndTokens() {
        Response r = api.post("/api/v1/auth/register", null,
                Map.of("email", "New.Person@Example.com", "password", "long enough", "displayName", "  New Person "));
        assertEquals(201, r.status());
        JsonNode user = r.json().path("user");
        assertEquals("new.person@example.com", user.path("email").asText());
        assertEquals("New Person", user.path("displayName").asText());
        assertEquals("user", user.path("role").asText());
        assertFalse(user.path("id").asText().isEmpty());
        assertEquals(3, r.json().path("accessToken").asText().split("\\.").length);
        assertFalse(r.json().path("refreshToken").asText().isEmpty());
        assertEquals(900, r.json().path("expiresIn").asInt());
        assertFalse(r.body().contains("password"), "no password or hash in the response");
    }

    @Test
    void registerRejectsTakenEmailCaseInsensitively() {
        User u = register();
        Response r = api.post("/api/v1/auth/register", null,
                Map.of("email", u.email().toUpperCase(), "password", "another one", "displayName", "Dup"));
        assertEquals(409, r.status());
        assertEquals("email_taken", r.errorCode());
    }

    @Test
    void registerNamesTheInvalidField() {
        Response badEmail = api.post("/api/v1/auth/register", null, Map.of("email", "not-an-email", "password", "long enough", "displayName", "X"));
        assertEquals(400, badEmail.status());
        assertEquals("invalid_field", badEmail.errorCode());
        assertTrue(badEmail.json().path("error").path("message").asText().contains("email"));

        Response shortPw = api.post("/api/v1/auth/register", null, Map.of("email", "x@example.com", "password", "short", "displayName", "X"));
        assertEquals(400, shortPw.status());
        assertTrue(shortPw.json().path("error").path("message").asText().contains("password"));

        Response noName = api.post("/api/v1/auth/register", null, Map.of("email", "y@example.com", "password", "long enough"));
        assertEquals(400, noName.status());
        assertTrue(noName.json().path("error").path("message").asText().contains("displayName"));

        Response wrongType = api.post("/api/v1/auth/register", null, "{\"email\":{\"a\":1},\"password\":\"long enough\",\"displayName\":\"X\"}");
        assertEquals(400, wrongType.status());
        assertTrue(wrongType.json().path("error").path("message").asText().contains("email"));
    }

    @Test
    void loginReturnsSameShapeAndRejectsBadPassword() {
        User u = register();
        Response ok = api.post("/api/v1/auth/login", null, Map.of("email", u.email(), "password", "password-" + u.email()));
        assertEquals(200, ok.status());
        assertEquals(u.id(), ok.json().path("user").path("id").asText());
        assertNotNull(ok.json().path("accessToken").asText(null));
        assertNotNull(ok.json().path("refreshToken").asText(null));

        Response bad = api.post("/api/v1/auth/login", null, Map.of("email", u.email(), "password", "wrong password"));
        assertEquals(401, bad.status());
        assertEquals("invalid_credentials", bad.errorCode());
        Response unknown = api.post("/api/v1/auth/login", null, Map.of("email", "nobody@example.com", "password", "whatever1"));
        assertEquals(401, unknown.status());
        assertEquals("invalid_credentials", unknown.errorCode(), "unknown accounts look like wrong passwords");
    }

    @Test
    void repeatedLoginFailuresAreRateLimited() {
        User u = register();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, api.post("/api/v1/auth/login", null, Map.of("email", u.email(), "password", "wrong " + i)).status());
        }
        Response limited = api.post("/api/v1/auth/login", null, Map.of("email", u.email(), "password", "password-" + u.email()));
        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.errorCode());
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
    }

    @Test
    void refreshRotatesAndTheOldTokenDies() {
        User u = register();
        Response r1 = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", u.refresh()));
        assertEquals(200, r1.status(), r1.body());
        String second = r1.json().path("refreshToken").asText();
        assertNotEquals(u.refresh(), second);
        assertEquals(u.id(), r1.json().path("user").path("id").asText());
        Response me = api.get("/api/v1/auth/me", r1.json().path("accessToken").asText());
        assertEquals(200, me.status());
        assertEquals(u.email(), me.json().path("email").asText());
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamily() {
        User u = register();
        String second = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", u.refresh())).json().path("refreshToken").asText();
        // A thief replays the first token: refused, and the legitimate successor dies with it.
        Response replay = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", u.refresh()));
        assertEquals(401, replay.status());
        assertEquals("token_reused", replay.errorCode());
        Response successor = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", second));
        assertEquals(401, successor.status());
        // Other logins of the same user are separate families and keep working.
        Response other = api.post("/api/v1/auth/login", null, Map.of("email", u.email(), "password", "password-" + u.email()));
        assertEquals(200, api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", other.json().path("refreshToken").asText())).status());
    }

    @Test
    void refreshRejectsUnknownAndMissingTokens() {
        assertEquals("invalid_token", api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", "nope")).errorCode());
        Response missing = api.post("/api/v1/auth/refresh", null, Map.of());
        assertEquals(400, missing.status());
        assertEquals("invalid_field", missing.errorCode());
    }

    @Test
    void logoutKillsTheRefreshToken() {
        User u = register();
        Response out = api.post("/api/v1/auth/logout", null, Map.of("refreshToken", u.refresh()));
        assertEquals(204, out.status());
        assertEquals(401, api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", u.refresh())).status());
        assertEquals(204, api.post("/api/v1/auth/logout", null, Map.of("refreshToken", u.refresh())).status(), "idempotent");
    }

    @Test
    void accessTokensAreVerified() {
        User u = register();
        assertEquals(401, api.get("/api/v1/meetings", null).status());
        assertEquals("unauthorized", api.get("/api/v1/meetings", null).errorCode());
        assertEquals("invalid_token", api.get("/api/v1/meetings", "garbage").errorCode());

        String[] parts = u.access().split("\\.");
        // alg=none with the signature stripped
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertEquals(401, api.get("/api/v1/meetings", none).status());
        // payload tampered to claim admin, original signature kept
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"role\":\"user\"", "\"role\":\"admin\"");
        String tampered = parts[0] + "." + b64(payload) + "." + parts[2];
        assertEquals(401, api.get("/api/v1/admin/settings", tampered).status());
        // the untouched token works
        assertEquals(200, api.get("/api/v1/meetings", u.access()).status());
        // a join token is not an access token
        JsonNode m = createMeeting(u, Map.of("title", "t"));
        String joinToken = api.post("/api/v1/meetings/" + m.path("id").asText() + "/join", u.access(), Map.of()).json().path("token").asText();
        assertEquals(401, api.get("/api/v1/meetings", joinToken).status());
    }

    // ---- meetings ----

    @Test
    void createMeetingReturnsItWithoutThePasscode() {
        User host = register();
        Instant start = Instant.parse("2030-05-01T09:30:00Z");
        Response r = api.post("/api/v1/meetings", host.access(), Map.of("title", "Weekly sync", "description", "Agenda",
                "startsAt", start.toString(), "durationMinutes", 45, "passcode", "s3cret", "waitingRoom", true,
                "allowGuests", true, "muteOnEntry", true));
        assertEquals(201, r.status(), r.body());
        JsonNode m = r.json();
        assertEquals("Weekly sync", m.path("title").asText());
        assertEquals(host.id(), m.path("hostId").asText());
        assertEquals("scheduled", m.path("status").asText());
        assertEquals(start, Instant.parse(m.path("startsAt").asText()));
        assertEquals(45, m.path("durationMinutes").asInt());
        assertTrue(m.path("passcodeRequired").asBoolean());
        assertTrue(m.path("waitingRoom").asBoolean());
        assertTrue(m.path("allowGuests").asBoolean());
        assertTrue(m.path("muteOnEntry").asBoolean());
        assertTrue(m.path("code").asText().matches("[a-z]{3}-[a-z]{4}-[a-z]{3}"), m.path("code").asText());
        assertTrue(m.path("joinUrl").asText().endsWith("/j/" + m.path("code").asText()));
        assertFalse(r.body().contains("s3cret"));
        assertFalse(r.body().toLowerCase().contains("argon2"));
        assertFalse(m.has("passcode") || m.has("passcodeHash"));
    }

    @Test
    void createMeetingValidatesFields() {
        User host = register();
        Response noTitle = api.post("/api/v1/meetings", host.access(), Map.of("description", "x"));
        assertEquals(400, noTitle.status());
        assertTrue(noTitle.json().path("error").path("message").asText().contains("title"));
        Response badDate = api.post("/api/v1/meetings", host.access(), Map.of("title", "x", "startsAt", "next tuesday"));
        assertEquals(400, badDate.status());
        assertTrue(badDate.json().path("error").path("message").asText().contains("startsAt"));
        Response badDuration = api.post("/api/v1/meetings", host.access(), Map.of("title", "x", "durationMinutes", -5));
        assertTrue(badDuration.json().path("error").path("message").asText().contains("durationMinutes"));
        Response badTz = api.post("/api/v1/meetings", host.access(), Map.of("title", "x", "timeZone", "Mars/Olympus"));
        assertTrue(badTz.json().path("error").path("message").asText().contains("timeZone"));
        Response badInvitee = api.post("/api/v1/meetings", host.access(), Map.of("title", "x", "invitees", List.of("nope")));
        assertTrue(badInvitee.json().path("error").path("message").asText().contains("invitees"));
    }

    @Test
    void listShowsHostedAndInvitedMeetingsOnly() {
        User host = register();
        User guest = register();
        User stranger = register();
        JsonNode hosted = createMeeting(host, Map.of("title", "Hosted"));
        JsonNode invited = createMeeting(stranger, Map.of("title", "Invited", "invitees", List.of(host.email().toUpperCase())));
        createMeeting(guest, Map.of("title", "Not mine"));
        Response r = api.get("/api/v1/meetings", host.access());
        assertEquals(200, r.status());
        Set<String> ids = new HashSet<>();
        r.json().path("items").forEach(i -> ids.add(i.path("id").asText()));
        assertEquals(Set.of(hosted.path("id").asText(), invited.path("id").asText()), ids);
        assertTrue(r.json().has("nextCursor"));
        r.json().path("items").forEach(i -> assertEquals(i.path("id").asText().equals(hosted.path("id").asText()) ? "host" : "attendee",
                i.path("yourRole").asText()));
    }

    @Test
    void listPagesWithACursor() {
        User host = register();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(createMeeting(host, Map.of("title", "M" + i)).path("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = api.get("/api/v1/meetings?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), host.access());
            assertEquals(200, r.status(), r.body());
            r.json().path("items").forEach(i -> seen.add(i.path("id").asText()));
            cursor = r.json().path("nextCursor").isNull() ? null : r.json().path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(created.reversed(), seen, "newest first, each exactly once");
        assertEquals(400, api.get("/api/v1/meetings?cursor=bm90LWEtY3Vyc29y", host.access()).status());
        assertEquals(400, api.get("/api/v1/meetings?limit=0", host.access()).status());
        assertEquals(400, api.get("/api/v1/meetings?status=bogus", host.access()).status());
        assertEquals(0, api.get("/api/v1/meetings?status=ended", host.access()).json().path("items").size());
    }

    @Test
    void getIsForMembersOnly() {
        User host = register();
        User invitee = register();
        User stranger = register();
        JsonNode m = createMeeting(host, Map.of("title", "Private", "invitees", List.of(invitee.email())));
        String path = "/api/v1/meetings/" + m.path("id").asText();
        assertEquals(200, api.get(path, host.access()).status());
        Response asInvitee = api.get(path, invitee.access());
        assertEquals(200, asInvitee.status());
        assertEquals("attendee", asInvitee.json().path("yourRole").asText());
        Response asStranger = api.get(path, stranger.access());
        assertEquals(403, asStranger.status());
        assertEquals("forbidden", asStranger.errorCode());
        assertEquals(404, api.get("/api/v1/meetings/" + UUID.randomUUID(), host.access()).status());
        assertEquals(200, api.get(path, adminToken).status(), "administrators oversee every meeting");
    }

    @Test
    void patchIsForHostAndCoHostsOnly() {
        User host = register();
        User cohost = register();
        User attendee = register();
        User stranger = register();
        JsonNode m = createMeeting(host, Map.of("title", "Before", "invitees", List.of(attendee.email()),
                "coHosts", List.of(cohost.email())));
        String path = "/api/v1/meetings/" + m.path("id").asText();
        Response byHost = api.patch(path, host.access(), Map.of("title", "After", "waitingRoom", true));
        assertEquals(200, byHost.status(), byHost.body());
        assertEquals("After", byHost.json().path("title").asText());
        assertTrue(byHost.json().path("waitingRoom").asBoolean());
        Response byCohost = api.patch(path, cohost.access(), Map.of("passcode", "1234"));
        assertEquals(200, byCohost.status());
        assertTrue(byCohost.json().path("passcodeRequired").asBoolean());
        assertEquals("After", byCohost.json().path("title").asText(), "absent fields unchanged");
        assertEquals(403, api.patch(path, attendee.access(), Map.of("title", "Hijack")).status());
        assertEquals(403, api.patch(path, stranger.access(), Map.of("title", "Hijack")).status());
        assertEquals(403, api.patch(path, cohost.access(), Map.of("invitees", List.of())).status(), "only the host changes invitations");
        Response cleared = api.patch(path, host.access(), Map.of("passcode", ""));
        assertFalse(cleared.json().path("passcodeRequired").asBoolean());
        assertEquals("After", api.get(path, host.access()).json().path("title").asText());
    }

    @Test
    void deleteCancelsAndIsForTheHostOnly() {
        User host = register();
        User cohost = register();
        JsonNode m = createMeeting(host, Map.of("title", "Doomed", "coHosts", List.of(cohost.email())));
        String path = "/api/v1/meetings/" + m.path("id").asText();
        assertEquals(403, api.delete(path, cohost.access()).status());
        assertEquals(204, api.delete(path, host.access()).status());
        assertEquals("cancelled", api.get(path, host.access()).json().path("status").asText());
        Response join = api.post(path + "/join", host.access(), Map.of());
        assertEquals(409, join.status());
        assertEquals("meeting_ended", join.errorCode());
    }

    @Test
    void joinGivesASignedGrantWithTheRole() {
        User host = register();
        User cohost = register();
        User other = register();
        JsonNode m = createMeeting(host, Map.of("title", "Join me", "coHosts", List.of(cohost.email())));
        String path = "/api/v1/meetings/" + m.path("id").asText() + "/join";
        Response h = api.post(path, host.access(), Map.of());
        assertEquals(200, h.status(), h.body());
        assertEquals("host", h.json().path("role").asText());
        assertTrue(h.json().path("signalingUrl").asText().matches("wss://.+/signal"));
        assertTrue(h.json().path("expiresIn").asInt() > 0);
        assertEquals(3, h.json().path("token").asText().split("\\.").length);
        assertEquals("cohost", api.post(path, cohost.access(), Map.of()).json().path("role").asText());
        Response o = api.post(path, other.access(), Map.of("displayName", "Otto"));
        assertEquals("attendee", o.json().path("role").asText());
        assertEquals("Otto", o.json().path("displayName").asText());
        assertEquals("live", api.get("/api/v1/meetings/" + m.path("id").asText(), host.access()).json().path("status").asText());
        // joining by code (as typed by a person) works too
        String code = m.path("code").asText().toUpperCase().replace("-", " ");
        Response byCode = api.post("/api/v1/meetings/" + code.replace(" ", "%20") + "/join", other.access(), Map.of());
        assertEquals(200, byCode.status(), byCode.body());
        assertEquals(404, api.post("/api/v1/meetings/zzz-zzzz-zzz/join", other.access(), Map.of()).status());
    }

    @Test
    void anInvitationBelongsToTheAccountThatHadTheAddressNotToALaterRegistrant() {
        User host = register();
        User cohost = register();
        String unclaimed = "unclaimed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        Response refused = api.post("/api/v1/meetings", host.access(), Map.of("title", "Squat", "coHosts", List.of(unclaimed)));
        assertEquals(400, refused.status(), "an address without an account cannot be invited: " + refused.body());
        assertEquals("unknown_account", refused.errorCode());
        assertTrue(refused.json().path("error").path("message").asText().contains(unclaimed), refused.body());
        assertEquals(400, api.post("/api/v1/meetings", host.access(), Map.of("title", "Squat", "invitees", List.of(unclaimed))).status());

        JsonNode m = createMeeting(host, Map.of("title", "Bound", "coHosts", List.of(cohost.email().toUpperCase())));
        String id = m.path("id").asText();
        assertEquals(cohost.id(), m.path("invitees").get(0).path("userId").asText(), "bound to the account");
        Response addLater = api.patch("/api/v1/meetings/" + id, host.access(), Map.of("invitees", List.of(unclaimed)));
        assertEquals(400, addLater.status(), addLater.body());
        assertEquals("unknown_account", addLater.errorCode());
        assertEquals("Bound", api.get("/api/v1/meetings/" + id, host.access()).json().path("title").asText());

        // Whoever registers the address afterwards gets nothing from the host's attempt.
        Response squat = api.post("/api/v1/auth/register", null, Map.of("email", unclaimed, "password", "squatter pw", "displayName", "Squatter"));
        assertEquals(201, squat.status(), squat.body());
        String squatter = squat.json().path("accessToken").asText();
        assertEquals(403, api.get("/api/v1/meetings/" + id, squatter).status());
        assertEquals(0, api.get("/api/v1/meetings", squatter).json().path("items").size());
        assertEquals("attendee", api.post("/api/v1/meetings/" + id + "/join", squatter, Map.of()).json().path("role").asText());

        // The account that existed at invitation time keeps its role, also when other invitations change.
        User attendee = register();
        Response changed = api.patch("/api/v1/meetings/" + id, host.access(), Map.of("invitees", List.of(attendee.email())));
        assertEquals(200, changed.status(), changed.body());
        assertEquals("cohost", api.post("/api/v1/meetings/" + id + "/join", cohost.access(), Map.of()).json().path("role").asText());
        assertEquals("cohost", api.get("/api/v1/meetings/" + id, cohost.access()).json().path("yourRole").asText());
        assertEquals("attendee", api.get("/api/v1/meetings/" + id, attendee.access()).json().path("yourRole").asText());
    }

    @Test
    void theLobbyAsksForThePasscodeFromEveryoneButTheHost() {
        User host = register();
        User cohost = register();
        User other = register();
        JsonNode m = createMeeting(host, Map.of("title", "Locked lobby", "passcode", "open sesame", "allowGuests", true,
                "coHosts", List.of(cohost.email())));
        String lobby = "/api/v1/meetings/" + m.path("code").asText() + "/lobby";
        assertFalse(api.get(lobby, host.access()).json().path("passcodeRequired").asBoolean(), "the host is not asked");
        assertTrue(api.get(lobby, cohost.access()).json().path("passcodeRequired").asBoolean());
        assertTrue(api.get(lobby, other.access()).json().path("passcodeRequired").asBoolean());
        assertTrue(api.get(lobby, null).json().path("passcodeRequired").asBoolean(), "a guest is asked");
        // What the lobby says is what join does: the host gets in without it, a co-host does not.
        String join = "/api/v1/meetings/" + m.path("code").asText() + "/join";
        assertEquals(200, api.post(join, host.access(), Map.of()).status());
        assertEquals("passcode_required", api.post(join, cohost.access(), Map.of()).errorCode());
    }

    @Test
    void passcodeIsCheckedAndAttemptsAreLimited() {
        User host = register();
        User other = register();
        JsonNode m = createMeeting(host, Map.of("title", "Locked", "passcode", "open sesame"));
        String path = "/api/v1/meetings/" + m.path("id").asText() + "/join";
        assertEquals(200, api.post(path, host.access(), Map.of()).status(), "the host needs no passcode");
        Response missing = api.post(path, other.access(), Map.of());
        assertEquals(401, missing.status());
        assertEquals("passcode_required", missing.errorCode());
        Response wrong = api.post(path, other.access(), Map.of("passcode", "open sesame?"));
        assertEquals(403, wrong.status());
        assertEquals("wrong_passcode", wrong.errorCode());
        assertEquals(200, api.post(path, other.access(), Map.of("passcode", "open sesame")).status());
        for (int i = 0; i < 10; i++) {
            api.post(path, other.access(), Map.of("passcode", "guess " + i));
        }
        Response limited = api.post(path, other.access(), Map.of("passcode", "open sesame"));
        assertEquals(429, limited.status());
        assertNotNull(limited.header("Retry-After"));
    }

    @Test
    void invitationLinksStandInForThePasscodeUntilItChanges() {
        User host = register();
        JsonNode m = createMeeting(host, Map.of("title", "Invite", "passcode", "letmein", "allowGuests", true));
        String invite = m.path("inviteUrl").asText();
        assertTrue(invite.contains("?pk="), invite);
        assertFalse(invite.contains("letmein"), "the link never carries the passcode itself");
        String key = invite.substring(invite.indexOf("?pk=") + 4);
        String path = "/api/v1/meetings/" + m.path("code").asText() + "/join";
        assertEquals(200, api.post(path, null, Map.of("displayName", "Guest", "passcodeKey", key)).status());
        assertEquals("wrong_passcode", api.post(path, null, Map.of("displayName", "Guest", "passcodeKey", key + "x")).errorCode());
        api.patch("/api/v1/meetings/" + m.path("id").asText(), host.access(), Map.of("passcode", "newsecret"));
        assertEquals("wrong_passcode", api.post(path, null, Map.of("displayName", "Guest", "passcodeKey", key)).errorCode(),
                "changing the passcode kills old links");
        User invitee = register();
        JsonNode asAttendee = api.get("/api/v1/meetings/" + m.path("id").asText(), host.access()).json();
        assertTrue(asAttendee.path("inviteUrl").asText().contains("?pk="));
        assertFalse(api.post("/api/v1/meetings", invitee.access(), Map.of("title", "x")).body().contains("?pk="));
    }

    @Test
    void guestsJoinOnlyWhereAllowedAndNeedAName() {
        User host = register();
        JsonNode open = createMeeting(host, Map.of("title", "Open", "allowGuests", true));
        JsonNode closed = createMeeting(host, Map.of("title", "Closed"));
        Response guest = api.post("/api/v1/meetings/" + open.path("id").asText() + "/join", null, Map.of("displayName", "Gina Guest"));
        assertEquals(200, guest.status(), guest.body());
        assertTrue(guest.json().path("guest").asBoolean());
        assertEquals("attendee", guest.json().path("role").asText());
        assertTrue(guest.json().path("participantId").asText().startsWith("guest-"));
        Response nameless = api.post("/api/v1/meetings/" + open.path("id").asText() + "/join", null, Map.of());
        assertEquals(400, nameless.status());
        assertTrue(nameless.json().path("error").path("message").asText().contains("displayName"));
        Response refused = api.post("/api/v1/meetings/" + closed.path("id").asText() + "/join", null, Map.of("displayName", "Gina"));
        assertEquals(403, refused.status());
        assertEquals("guests_not_allowed", refused.errorCode());
        Response lobby = api.get("/api/v1/meetings/" + open.path("code").asText() + "/lobby", null);
        assertEquals(200, lobby.status());
        assertEquals("Open", lobby.json().path("title").asText());
        assertTrue(lobby.json().path("allowGuests").asBoolean());
    }

    @Test
    void endIsForHostAndCoHostAndStopsAttendeesJoining() {
        User host = register();
        User cohost = register();
        User attendee = register();
        JsonNode m = createMeeting(host, Map.of("title", "Ends", "coHosts", List.of(cohost.email()), "invitees", List.of(attendee.email())));
        String base = "/api/v1/meetings/" + m.path("id").asText();
        api.post(base + "/join", host.access(), Map.of());
        assertEquals(403, api.post(base + "/end", attendee.access(), Map.of()).status());
        Response ended = api.post(base + "/end", cohost.access(), Map.of());
        assertEquals(200, ended.status(), ended.body());
        assertEquals("ended", ended.json().path("status").asText());
        assertNotNull(ended.json().path("endedAt").asText(null));
        assertEquals("meeting_ended", api.post(base + "/join", attendee.access(), Map.of()).errorCode());
        assertEquals("host", api.post(base + "/join", host.access(), Map.of()).json().path("role").asText(), "the host can restart it");
    }

    // ---- recordings ----

    @Test
    void recordingsAreVisibleToTheMeetingHostOnly() throws Exception {
        User host = register();
        User other = register();
        JsonNode m = createMeeting(host, Map.of("title", "Recorded"));
        String recId = UUID.randomUUID().toString();
        Path dir = appliance.config().dataDir().resolve("recordings").resolve(recId);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("track.webm"), "data");
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        appliance.database().jdbi().useTransaction(h -> new RecordingDao().insert(h, new RecordingRecord(recId,
                m.path("id").asText(), "ready", now, now.plusSeconds(60), 60, 4, recId, now)));

        Response list = api.get("/api/v1/recordings", host.access());
        assertEquals(200, list.status());
        assertEquals(1, list.json().path("items").size());
        JsonNode rec = list.json().path("items").get(0);
        assertEquals(recId, rec.path("id").asText());
        assertEquals("Recorded", rec.path("meetingTitle").asText());
        assertEquals(60, rec.path("durationSeconds").asInt());
        assertEquals(0, api.get("/api/v1/recordings", other.access()).json().path("items").size());
        assertEquals(403, api.get("/api/v1/recordings/" + recId, other.access()).status());
        assertEquals(403, api.delete("/api/v1/recordings/" + recId, other.access()).status());
        assertEquals(200, api.get("/api/v1/recordings/" + recId, host.access()).status());
        assertEquals(204, api.delete("/api/v1/recordings/" + recId, host.access()).status());
        assertEquals(404, api.get("/api/v1/recordings/" + recId, host.access()).status());
        assertFalse(Files.exists(dir), "files deleted with the recording");
        assertEquals(401, api.get("/api/v1/recordings", null).status());
    }

    // ---- admin ----

    @Test
    void registrationFollowsThePolicyAnAdministratorSets() {
        User plain = register();
        assertEquals(403, api.patch("/api/v1/admin/settings", plain.access(), Map.of("registrationPolicy", "open")).status());
        assertEquals(403, api.get("/api/v1/admin/settings", plain.access()).status());
        try {
            Response closed = api.patch("/api/v1/admin/settings", adminToken, Map.of("registrationPolicy", "closed"));
            assertEquals(200, closed.status(), closed.body());
            assertEquals("closed", closed.json().path("registrationPolicy").asText());
            assertEquals("settings", closed.json().path("registrationPolicySource").asText());
            assertFalse(closed.json().path("selfRegistration").asBoolean());
            Response refused = api.post("/api/v1/auth/register", null, Map.of("email", "late@example.com", "password", "long enough", "displayName", "Late"));
            assertEquals(403, refused.status());
            assertEquals("registration_closed", refused.errorCode());
            assertTrue(refused.json().path("error").path("message").asText().contains("administrator"), refused.body());
            Response pub = api.get("/api/v1/auth/registration", null);
            assertEquals(200, pub.status(), pub.body());
            assertEquals("closed", pub.json().path("policy").asText());
            assertFalse(pub.json().path("firstAccount").asBoolean());

            Response domains = api.patch("/api/v1/admin/settings", adminToken,
                    Map.of("registrationPolicy", "domains", "registrationDomains", List.of("Example.ORG", "@corp.example.com")));
            assertEquals(200, domains.status(), domains.body());
            assertEquals("[\"example.org\",\"corp.example.com\"]", domains.json().path("registrationDomains").toString());
            String unique = UUID.randomUUID().toString().substring(0, 8);
            assertEquals(201, registerStatus("in-" + unique + "@example.org"));
            assertEquals(201, registerStatus("Caps-" + unique + "@EXAMPLE.org"), "domains match case-insensitively");
            assertEquals(201, registerStatus("corp-" + unique + "@corp.example.com"));
            Response sub = api.post("/api/v1/auth/register", null, Map.of("email", "sub-" + unique + "@mail.example.org",
                    "password", "long enough", "displayName", "Sub"));
            assertEquals(403, sub.status(), "subdomains do not match");
            assertEquals("email_domain_not_allowed", sub.errorCode());
            assertTrue(sub.json().path("error").path("message").asText().contains("example.org"), sub.body());
            assertEquals(403, registerStatus("x-" + unique + "@example.org.evil.test"));
            assertEquals("domains", api.get("/api/v1/auth/registration", null).json().path("policy").asText());

            for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("registrationPolicy", "maybe"),
                    Map.of("registrationPolicy", "domains"), Map.of("registrationPolicy", "domains", "registrationDomains", List.of("not a domain")),
                    Map.of("registrationDomains", List.of("example.com")),
                    Map.of("registrationPolicy", "open", "registrationDomains", List.of("example.com")),
                    Map.of("selfRegistration", true, "registrationPolicy", "open"))) {
                Response r = api.patch("/api/v1/admin/settings", adminToken, bad);
                assertEquals(400, r.status(), bad + " -> " + r.body());
            }
            assertEquals("domains", api.get("/api/v1/admin/settings", adminToken).json().path("registrationPolicy").asText(),
                    "refused changes change nothing");

            Response legacy = api.patch("/api/v1/admin/settings", adminToken, Map.of("selfRegistration", false));
            assertEquals("closed", legacy.json().path("registrationPolicy").asText(), "the older switch still works");
        } finally {
            assertEquals(200, api.patch("/api/v1/admin/settings", adminToken, Map.of("registrationPolicy", "open")).status());
        }
        assertEquals(201, registerStatus("open-" + UUID.randomUUID() + "@anywhere.test"));
    }

    private int registerStatus(String email) {
        return api.post("/api/v1/auth/register", null, Map.of("email", email, "password", "long enough", "displayName", "Someone")).status();
    }

    // ---- error shape for bad requests ----

    @Test
    void malformedJsonIs400WithTheErrorShape() {
        Response r = api.raw("POST", "/api/v1/auth/login", null, "application/json", "{\"email\": ");
        assertEquals(400, r.status());
        assertEquals("malformed_json", r.errorCode());
        assertNotNull(r.json().path("error").path("message").asText(null));
        assertEquals(400, api.raw("POST", "/api/v1/auth/login", null, "application/json", "").status());
        assertEquals(400, api.raw("POST", "/api/v1/auth/login", null, "application/json", "[1,2]").status());
        assertEquals(400, api.raw("POST", "/api/v1/auth/login", null, "application/json", "null").status());
    }

    @Test
    void wrongContentTypeIs415() {
        Response r = api.raw("POST", "/api/v1/auth/login", null, "text/plain", "email=a");
        assertEquals(415, r.status());
        assertEquals("unsupported_media_type", r.errorCode());
    }

    @Test
    void oversizedBodyIs413() {
        User u = register();
        String big = "{\"title\":\"" + "x".repeat(Json.MAX_BODY_BYTES + 10) + "\"}";
        Response r = api.raw("POST", "/api/v1/meetings", u.access(), "application/json", big);
        assertEquals(413, r.status());
        assertEquals("payload_too_large", r.errorCode());
    }

    @Test
    void unknownEndpointsAndMethodsGetJsonErrors() {
        Response nf = api.get("/api/v1/nothing-here", null);
        assertEquals(404, nf.status());
        assertEquals("not_found", nf.errorCode());
        Response na = api.raw("PUT", "/api/v1/meetings", null, null, null);
        assertEquals(405, na.status());
        assertEquals("method_not_allowed", na.errorCode());
    }

    @Test
    void garbageInputNeverCausesA500() {
        User u = register();
        String[] bodies = {"{", "}", "\"str\"", "123", "{\"title\":null}", "{\"title\":[]}", "{\"title\":\"x\",\"durationMinutes\":\"ten\"}",
                "{\"title\":\"x\",\"startsAt\":12}", "{\"title\":\"\\u0000\"}", "{\"title\":\"x\",\"invitees\":\"a@b.c\"}",
                "{\"title\":\"x\",\"invitees\":[null]}", "{\"a\":1,\"a\":2}", "\u00ff\u00fe", "{\"title\":\"x\"} trailing"};
        String[] paths = {"/api/v1/meetings", "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                "/api/v1/meetings/" + UUID.randomUUID() + "/join", "/api/v1/meetings/%00/join"};
        for (String path : paths) {
            for (String body : bodies) {
                Response r = api.raw("POST", path, u.access(), "application/json", body);
                assertTrue(r.status() >= 400 && r.status() < 500, path + " " + body + " -> " + r.status() + " " + r.body());
                assertNotNull(r.errorCode(), r.body());
                assertFalse(r.body().contains("Exception") || r.body().contains("at com."), "no stack traces: " + r.body());
            }
        }
        assertNull(api.get("/api/v1/meetings/" + "x".repeat(5000), u.access()).body().contains("Exception") ? "leak" : null);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
