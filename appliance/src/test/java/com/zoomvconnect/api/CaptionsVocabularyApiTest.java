package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Live captions' recognizer is told the meeting's vocabulary: the display names of the people in
 * the room (following them as they join) and the title's words; {@code GET .../captions} shows it.
 */
class CaptionsVocabularyApiTest {
    private static List<String> vocabulary(ApiClient api, String meetingId, String token) {
        JsonNode r = api.get("/api/v1/meetings/" + meetingId + "/captions", token).json();
        List<String> out = new ArrayList<>();
        r.path("vocabulary").forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void theRecognizerExpectsTheParticipantsNamesAndTheTitle() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String owner = api.post("/api/v1/auth/register", null, Map.of("email", "olga@example.com", "password", "password1",
                    "displayName", "Olga Petrova")).json().path("accessToken").asText();
            String id = api.post("/api/v1/meetings", owner, Map.of("title", "Weekly sync: Northwind budget", "allowGuests", true))
                    .json().path("id").asText();
            try (var olga = SignalSocket.joinMeeting(api, a.httpsPort(), id, owner, null);
                 var chidi = SignalSocket.joinMeeting(api, a.httpsPort(), id, null, "Chidi Okonkwo")) {
                olga.next("welcome");
                chidi.next("welcome");
                assertEquals(List.of(), vocabulary(api, id, owner), "nothing while captions are off");
                var on = api.post("/api/v1/meetings/" + id + "/captions", owner, Map.of("action", "start"));
                assertTrue(on.status() / 100 == 2, on.body());

                assertEquals(List.of("chidi okonkwo", "chidi", "okonkwo", "olga petrova", "olga", "petrova", "northwind", "budget"),
                        vocabulary(api, id, owner));
                try (var priya = SignalSocket.joinMeeting(api, a.httpsPort(), id, null, "Priya")) {
                    priya.next("welcome");
                    assertTrue(vocabulary(api, id, owner).contains("priya"), "someone who joins is expected too");
                }
                api.post("/api/v1/meetings/" + id + "/captions", owner, Map.of("action", "stop"));
                assertEquals(List.of(), vocabulary(api, id, owner));
            }
        }
    }
}
