package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code meeting.max-participants}: an entrant beyond it is refused with {@code meeting_full}; hosts still enter. */
class ParticipantLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aMeetingAtItsLimitRefusesTheNextEntrantButNotItsHostAndTakesThemWhenAPlaceIsFree() {
        try (Appliance a = TestAppliance.startH2WithMaxParticipants(2)) {
            var api = new ApiClient(a.httpsPort());
            String base = "https://localhost:" + a.httpsPort();
            String host = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                    "displayName", "H")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", host, Map.of("title", "Small room", "allowGuests", true))
                    .json().path("code").asText();
            try (var g1 = SignalClient.connect(base, code, "g1", null); var g2 = SignalClient.connect(base, code, "g2", null)) {
                g1.expect("welcome", WAIT);
                g2.expect("welcome", WAIT);
                try (var g3 = SignalClient.connect(base, code, "g3", null)) {
                    var refused = g3.expect("refused", WAIT);
                    assertEquals("meeting_full", refused.path("code").asText(), refused.toString());
                }
                try (var h = SignalClient.connect(base, code, "H", host)) {
                    h.expect("welcome", WAIT); // over the limit: the host is never shut out (and counts)
                    g1.close();
                    h.expect("participantLeft", WAIT);
                    g2.close();
                    h.expect("participantLeft", WAIT);
                    try (var g4 = SignalClient.connect(base, code, "g4", null)) {
                        g4.expect("welcome", WAIT);
                    }
                }
            }
        }
    }
}
