package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Browsers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's Record button in the meeting: the signaling path, the indicator for everyone, and the audit log. */
class RecordingUiTest implements BrowserTest {
    private final Browsers browsers = new Browsers("recording-ui");

    @AfterEach
    void close() throws Exception {
        browsers.close();
    }

    private CdpPage open(String url) {
        return browsers.open(url, "--use-fake-device-for-media-stream=fps=30");
    }

    @Test
    void hostRecordsFromTheToolbarAndEveryoneSeesIt() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String base = "https://localhost:" + a.httpsPort();
            JsonNode login = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                    "displayName", "Hana")).json();
            String token = login.path("accessToken").asText();
            JsonNode meeting = api.post("/api/v1/meetings", token, Map.of("title", "Stand-up", "allowGuests", true)).json();
            String code = meeting.path("code").asText();

            CdpPage host = open(base + "/");
            host.waitFor("document.readyState === 'complete'", Duration.ofSeconds(10));
            host.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + ApiClient.JSON.writeValueAsString(Map.of(
                    "user", login.path("user"), "accessToken", token, "refreshToken", login.path("refreshToken").asText()))
                    + ")), location.assign('/j/" + code + "?autojoin=1&res=360'), true");
            host.waitFor("window.zvc?.room?.state === 'joined' && window.zvc.room.self.role === 'host'", Duration.ofSeconds(30));
            CdpPage guest = open(base + "/j/" + code + "?name=Gil&autojoin=1&res=360");
            guest.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
            assertTrue(guest.evaluate("document.querySelector('#record').hidden").asBoolean(), "attendees have no Record button");

            host.waitFor("!document.querySelector('#record').hidden", Duration.ofSeconds(10));
            host.evaluate("document.querySelector('#record').click(), true");
            guest.waitFor("!document.querySelector('#recording-indicator').hidden", Duration.ofSeconds(10));
            host.waitFor("document.querySelector('#record').textContent === 'Stop recording'"
                    + " && document.querySelector('#record').getAttribute('aria-pressed') === 'true'", Duration.ofSeconds(10));
            assertTrue(guest.evaluate("document.querySelector('#recording-indicator').title.includes('Hana')").asBoolean());
            Thread.sleep(3000);
            guest.screenshot(Browsers.artifacts().resolve("recording-ui-live.png"));
            host.evaluate("document.querySelector('#record').click(), true");
            guest.waitFor("document.querySelector('#recording-indicator').hidden", Duration.ofSeconds(10));

            JsonNode items = api.get("/api/v1/recordings", token).json().path("items");
            assertEquals(1, items.size());
            assertEquals("Hana", items.get(0).path("startedBy").asText());
            JsonNode audit = api.get("/api/v1/meetings/" + meeting.path("id").asText() + "/audit", token).json();
            String actions = audit.toString();
            assertTrue(actions.contains("start_recording") && actions.contains("stop_recording"), actions);
        }
    }
}
