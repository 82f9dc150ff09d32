package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reconnect disposes the old room: its camera and microphone stop and its keyboard shortcuts
 * go, so one press of Ctrl+D mutes once. Before rooms were disposed, the old stream kept running
 * beside the new one and both rooms' keydown listeners toggled mute.
 */
class ReconnectBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    /**
     * Installed before the page's scripts: keeps every track getUserMedia hands out, and logs
     * every write of {@code enabled} on an audio track (how the client mutes the microphone).
     */
    private static final String INSTRUMENT = """
            (() => {
              window.__tracks = [];
              window.__micWrites = [];
              const md = navigator.mediaDevices;
              if (!md) return;
              const gum = md.getUserMedia.bind(md);
              md.getUserMedia = async (c) => {
                const s = await gum(c);
                window.__tracks.push(...s.getTracks());
                return s;
              };
              const d = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'enabled');
              Object.defineProperty(MediaStreamTrack.prototype, 'enabled', {
                configurable: true, get: d.get,
                set(v) { if (this.kind === 'audio') window.__micWrites.push({ id: this.id, enabled: v }); d.set.call(this, v); },
              });
            })();""";

    private static final String LIVE = "window.__tracks.filter(t => t.readyState === 'live').map(t => t.kind).sort()";

    @Test
    void aReconnectLeavesOneCameraAndMicrophoneAndOneMuteShortcut() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Chromium chromium = Chromium.context()) {
            var api = new ApiClient(appliance.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password",
                    "displayName", "Host")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Reconnect", "allowGuests", true))
                    .json().path("code").asText();
            String base = "https://localhost:" + appliance.httpsPort();
            CdpPage page = chromium.newPage(base + "/");
            try {
                page.addScriptOnNewDocument(INSTRUMENT);
                page.navigate(base + "/j/" + code + "?name=Ann&autojoin=1&res=360", T);
                page.waitFor("window.zvc?.room?.state === 'joined' && window.zvc.room.media?.publisher?.connectionState === 'connected'", T);
                assertEquals(2, page.evaluate(LIVE).size(), "one camera and one microphone before the reconnect");

                // A network blip: the signaling socket drops; the client rejoins by itself.
                page.evaluate("window.__old = window.zvc.room, window.__old.signal.ws.close(4000, 'network blip'), true");
                page.waitFor("window.zvc.room !== window.__old && window.zvc.room.state === 'joined'"
                        + " && window.zvc.room.media?.publisher?.connectionState === 'connected'", T);
                JsonNode live = page.evaluate(LIVE);
                assertEquals("[\"audio\",\"video\"]", live.toString(), "the old room's camera and microphone were stopped");

                page.evaluate("window.__micWrites.length = 0, true");
                page.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'd', ctrlKey: true, bubbles: true })), true");
                JsonNode writes = page.evaluate("window.__micWrites");
                assertEquals(1, writes.size(), "one press of Ctrl+D mutes one microphone once: " + writes);
                assertEquals(false, writes.get(0).path("enabled").asBoolean(true));
                assertEquals("true", page.evaluate("document.querySelector('#mic').getAttribute('aria-pressed')").asText());
                assertEquals("Unmute", page.evaluate("document.querySelector('#mic').textContent").asText());
            } finally {
                Path dir = Path.of("target", "browser-artifacts");
                Files.createDirectories(dir);
                Files.write(dir.resolve("reconnect.log"), page.consoleLog());
                page.close();
            }
        }
    }
}
