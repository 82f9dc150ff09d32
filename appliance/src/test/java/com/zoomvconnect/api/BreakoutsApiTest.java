package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /api/v1/meetings/{id}/breakouts}: who may read and change the plan, its errors, open and close. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakoutsApiTest {
    private Appliance appliance;
    private ApiClient api;
    private String owner;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        owner = api.post("/api/v1/auth/register", null, Map.of("email", "o@example.com", "password", "password1",
                "displayName", "Olga")).json().path("accessToken").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private String meeting() {
        return api.post("/api/v1/meetings", owner, Map.of("title", "Workshop")).json().path("id").asText();
    }

    private String path(String id, String rest) {
        return "/api/v1/meetings/" + id + "/breakouts" + rest;
    }

    @Test
    void theOwnerPlansOpensAndClosesBreakoutsOfALiveMeeting() {
        String id = meeting();
        assertEquals("not_live", api.get(path(id, ""), owner).errorCode());
        appliance.liveMeetings().room(id); // the meeting is live
        var configured = api.post(path(id, ""), owner, Map.of("rooms", List.of(Map.of("name", "Red"), Map.of("name", "Blue")),
                "allowChoose", true, "durationSeconds", 600, "graceSeconds", 10));
        assertEquals(200, configured.status(), configured.body());
        JsonNode state = api.get(path(id, ""), owner).json();
        assertEquals("b2", state.path("rooms").get(1).path("id").asText());
        assertEquals("Blue", state.path("rooms").get(1).path("name").asText());
        assertTrue(state.path("allowChoose").asBoolean());
        assertEquals("breakouts_closed", api.post(path(id, "/close"), owner, Map.of()).errorCode());
        JsonNode open = api.post(path(id, "/open"), owner, Map.of()).json();
        assertTrue(open.path("open").asBoolean());
        assertTrue(open.path("endsAt").asLong() > 0);
        assertEquals("breakouts_open", api.post(path(id, ""), owner, Map.of("rooms", List.of(Map.of("name", "X")))).errorCode());
        JsonNode closing = api.post(path(id, "/close"), owner, Map.of()).json();
        assertTrue(closing.path("closingAt").asLong() > 0, closing.toString());
        var audit = api.get("/api/v1/meetings/" + id + "/audit", owner).json().path("items").toString();
        assertTrue(audit.contains("breakouts_open") && audit.contains("breakouts_configure"), audit);
    }

    @Test
    void badPlansAndStrangersAreRefused() {
        String id = meeting();
        appliance.liveMeetings().room(id);
        var tooLong = api.post(path(id, ""), owner, Map.of("rooms", List.of(Map.of("name", "x".repeat(61)))));
        assertEquals(400, tooLong.status());
        assertEquals("invalid_breakouts", tooLong.errorCode());
        assertEquals("invalid_breakouts", api.post(path(id, ""), owner, Map.of("rooms", List.of())).errorCode());
        assertEquals("invalid_breakouts", api.post(path(id, "/open"), owner, Map.of()).errorCode(), "no rooms yet");
        assertEquals(401, api.get(path(id, ""), null).status());
        assertEquals(200, api.patch("/api/v1/admin/settings", owner, Map.of("selfRegistration", true)).status());
        String stranger = api.post("/api/v1/auth/register", null, Map.of("email", "x" + UUID.randomUUID() + "@example.com",
                "password", "password1", "displayName", "Xavier")).json().path("accessToken").asText();
        int status = api.get(path(id, ""), stranger).status();
        assertTrue(status == 403 || status == 404, "a stranger neither sees nor changes the plan: " + status);
        assertTrue(api.post(path(id, "/open"), stranger, Map.of()).status() >= 400);
    }
}
