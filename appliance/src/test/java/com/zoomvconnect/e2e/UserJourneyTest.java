package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web client walked as people use it, in three headless Chromium browsers: register,
 * schedule, invite a guest, meet, join with the camera off, share a screen, chat privately,
 * raise a hand, leave, end for all. Screenshots of the room and of the phone layout are saved
 * as build artifacts (target/browser-artifacts).
 */
class UserJourneyTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);
    private final List<Chromium> browsers = new ArrayList<>();
    private final List<CdpPage> pages = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Path dir = Path.of("target", "browser-artifacts");
        Files.createDirectories(dir);
        for (int i = 0; i < pages.size(); i++) {
            try {
                Files.write(dir.resolve("journey-" + i + ".log"), pages.get(i).consoleLog());
            } catch (RuntimeException e) {
                // page gone
            }
        }
        // Browsers first, all at once (closing tab by tab made the others renegotiate for each): Browsers.close.
        browsers.forEach(Chromium::close);
        pages.forEach(CdpPage::disconnect);
    }

    private CdpPage open(String url) {
        Chromium c = Chromium.context();
        browsers.add(c);
        CdpPage p = c.newPage(url);
        pages.add(p);
        return p;
    }

    private static void type(CdpPage p, String selector, String value) {
        p.evaluate("(() => { const i = document.querySelector(" + js(selector) + "); i.value = " + js(value)
                + "; i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
    }

    private static void click(CdpPage p, String selector) {
        p.waitFor("!!document.querySelector(" + js(selector) + ")", T);
        p.evaluate("document.querySelector(" + js(selector) + ").click(), true");
    }

    private static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** True when the page decodes video and receives audio from the participant named {@code name}. */
    private static String receivesFrom(String name) {
        return """
                (async () => {
                  const s = await window.zvc.room.snapshot();
                  const p = s.participants.find(x => x.displayName === '%s');
                  if (!p) return false;
                  const mine = s.remote.filter(r => r.participantId === p.id);
                  return mine.some(r => r.kind === 'video' && r.source === 'camera' && r.framesDecoded > 5 && r.frameWidth > 0)
                      && mine.some(r => r.kind === 'audio' && r.packetsReceived > 20);
                })()""".formatted(name);
    }

    private static String idOf(CdpPage p, String name) {
        return p.evaluate("(async () => (await window.zvc.room.snapshot()).participants.find(x => x.displayName === '"
                + name + "').id)()").asText();
    }

    @Test
    void aMeetingFromRegistrationToEndForAll() throws Exception {
        try (Appliance appliance = TestAppliance.startH2()) {
            String base = "https://localhost:" + appliance.httpsPort();
            // Ada registers and schedules a meeting.
            CdpPage ada = open(base + "/");
            ada.waitFor("!!document.querySelector('form[aria-label=\"Create an account\"]')", T);
            type(ada, "form[aria-label='Create an account'] #register-displayName", "Ada");
            type(ada, "form[aria-label='Create an account'] #register-email", "ada@example.com");
            type(ada, "form[aria-label='Create an account'] #register-password", "ada's password");
            click(ada, "form[aria-label='Create an account'] button[type=submit]");
            ada.waitFor("!!document.querySelector('#schedule')", T);
            type(ada, "#schedule #f-title", "Team sync");
            click(ada, "#schedule button[type=submit]");
            ada.waitFor("[...document.querySelectorAll('#upcoming .meeting h3')].some(h => h.textContent === 'Team sync')", T);
            String invite = ada.evaluate("document.querySelector('#upcoming .meeting').dataset.inviteUrl").asText();
            assertTrue(invite.startsWith(base + "/j/"), invite);
            click(ada, "#upcoming .meeting button.primary");
            ada.waitFor("!!document.querySelector('#join')", T);
            ada.evaluate("document.querySelector('#join').click(), true");
            ada.waitFor("window.zvc?.room?.state === 'joined'", T);

            // Gus opens the invitation as a guest and joins from the lobby.
            CdpPage gus = open(invite + "?res=360");
            gus.waitFor("!!document.querySelector('#join') && document.querySelector('#mic-level') !== null", T);
            type(gus, "#f-displayName", "Gus");
            click(gus, "#join");
            gus.waitFor("window.zvc?.room?.state === 'joined'", T);
            ada.waitFor(receivesFrom("Gus"), Duration.ofSeconds(45));
            gus.waitFor(receivesFrom("Ada"), Duration.ofSeconds(45));

            // Cam joins from the lobby with the camera off: the others see the avatar, not video.
            CdpPage cam = open(invite + "?res=360");
            cam.waitFor("!!document.querySelector('#join')", T);
            type(cam, "#f-displayName", "Cam");
            cam.evaluate("document.querySelector('#camera-off').click(), true");
            click(cam, "#join");
            cam.waitFor("window.zvc?.room?.state === 'joined'", T);
            String camId = idOf(ada, "Cam");
            ada.waitFor("document.querySelector('.tile[data-participant-id=\"" + camId + "\"]').classList.contains('camera-off')", T);
            cam.waitFor(receivesFrom("Ada"), Duration.ofSeconds(45));

            // Ada shares her screen; Gus and Cam decode it, shown large.
            click(ada, "#share");
            String screenDecoded = """
                    (async () => (await window.zvc.room.snapshot()).remote.some(r => r.source === 'screen' && r.framesDecoded > 5))()""";
            for (CdpPage viewer : List.of(gus, cam)) {
                try {
                    viewer.waitFor(screenDecoded, Duration.ofSeconds(30));
                } catch (AssertionError e) {
                    throw new AssertionError("no screen share decoded: " + viewer.evaluate("(async () => (await window.zvc.room.snapshot()).remote"
                            + ".filter(r => r.kind === 'video'))()") + "; sender " + ada.evaluate("(async () => (await window.zvc.room.snapshot())"
                            + ".local)()") + "; SFU " + appliance.sfu().counters().snapshot(), e);
                }
            }
            gus.waitFor("!!document.querySelector('.grid.has-screen .tile.screen')", T);

            // Gus writes privately to Cam; only Cam (and Gus) see it.
            click(gus, "#chat-toggle");
            String gusToCam = idOf(gus, "Cam");
            gus.evaluate("document.querySelector('.chat select').value = " + js(gusToCam) + ", true");
            type(gus, ".chat-form input", "psst, only for Cam");
            click(gus, ".chat-form button[type=submit]");
            cam.waitFor("document.querySelector('.chat-list').textContent.includes('psst, only for Cam')", T);
            gus.waitFor("document.querySelector('.chat-list').textContent.includes('psst, only for Cam')", T);
            gus.evaluate("document.querySelector('.chat select').value = '', true");
            type(gus, ".chat-form input", "hello everyone");
            click(gus, ".chat-form button[type=submit]");
            ada.waitFor("document.querySelector('.chat-list').textContent.includes('hello everyone')", T);
            assertFalse(ada.evaluate("document.querySelector('.chat-list').textContent.includes('psst')").asBoolean(),
                    "the private message never reached Ada");
            assertEquals("Chat1 (1 unread)", ada.evaluate("document.querySelector('#chat-toggle').textContent").asText(),
                    "unread badge");

            // Cam raises a hand; the others see it.
            click(cam, "#hand");
            ada.waitFor("!!document.querySelector('.tile[data-participant-id=\"" + camId + "\"] .badges .hand')", T);
            gus.waitFor("!!document.querySelector('.tile[data-participant-id=\"" + gusToCam + "\"] .badges .hand')", T);

            Path dir = Path.of("target", "browser-artifacts");
            Files.createDirectories(dir);
            ada.screenshot(dir.resolve("meeting-room.png"));
            cam.emulatePhone(390, 844);
            Thread.sleep(500);
            cam.screenshot(dir.resolve("phone-layout.png"));

            // Gus leaves; Ada ends the meeting for everyone.
            click(gus, "#leave");
            ada.waitFor("[...document.querySelectorAll('.tile:not(.self):not(.screen) .name')].every(e => e.textContent !== 'Gus')", T);
            click(ada, "#people");
            // Removing Cam (in her row's "…" menu) asks first; Cancel keeps her in the meeting.
            click(ada, "li[data-participant-id=\"" + camId + "\"] button.row-menu");
            ada.waitFor("[...document.querySelectorAll('[role=menu]:not([hidden]) [role=menuitem]')].some(b => b.textContent === 'Remove')", T);
            ada.evaluate("[...document.querySelectorAll('[role=menu]:not([hidden]) [role=menuitem]')].find(b => b.textContent === 'Remove').click(), true");
            ada.waitFor("document.querySelector('dialog.confirm')?.open && document.querySelector('#confirm-title').textContent === 'Remove Cam?'"
                    + " && document.activeElement?.id === 'confirm-cancel'", T);
            click(ada, "#confirm-cancel");
            ada.waitFor("!document.querySelector('dialog.confirm')", T);
            click(ada, "#end-all");
            ada.waitFor("document.querySelector('dialog.confirm')?.open", T);
            assertFalse(cam.evaluate("document.body.textContent.includes('The meeting has ended.')").asBoolean(),
                    "nothing happens before the host confirms");
            ada.screenshot(dir.resolve("confirm-end.png"));
            click(ada, "#confirm-ok");
            cam.waitFor("document.body.textContent.includes('The meeting has ended.')", T);
            ada.waitFor("document.body.textContent.includes('The meeting has ended.')", T);
        }
    }
}
