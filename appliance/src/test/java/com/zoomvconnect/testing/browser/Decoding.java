package com.zoomvconnect.testing.browser;

import java.time.Duration;

/**
 * Whether a page of the web client, in a meeting, decodes another participant: more than ten video
 * frames decoded and audio samples received from the participant of that display name, in the
 * page's current room (after an automatic rejoin the web client builds a new one, whose counters
 * start from zero).
 */
public final class Decoding {
    private Decoding() {
    }

    /** The check as JavaScript, a promise of a boolean: false while the page's room is not joined. */
    private static String of(String name) {
        return """
                (async () => {
                  const room = window.zvc?.room;
                  if (!room || room.state !== 'joined') return false;
                  const s = await room.snapshot();
                  const id = s.participants.find((p) => p.displayName === '%s')?.id;
                  const from = s.remote.filter((r) => id && r.participantId === id);
                  return from.some((r) => r.kind === 'video' && r.framesDecoded > 10)
                    && from.some((r) => r.kind === 'audio' && r.totalSamplesReceived > 0);
                })()""".formatted(name);
    }

    /** Waits until {@code page} decodes {@code name}; fails with the room's state, participants and received tracks. */
    public static void await(BrowserPage page, String name, Duration timeout) {
        try {
            page.waitFor(of(name), timeout);
        } catch (AssertionError e) {
            throw new AssertionError("no media from " + name + ": " + page.evaluate(
                    "window.zvc?.room?.snapshot().then((s) => JSON.stringify({ state: window.zvc.room.state, self: s.self ?? null,"
                            + " participants: s.participants, remote: s.remote }))").asText(), e);
        }
    }
}
