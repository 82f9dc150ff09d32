package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recording's transcription is told to expect the names on its tracks and the meeting's title. */
class RecordingHintsTest {
    private static Manifest.Track track(String name, String kind, long frames) {
        return new Manifest.Track(name + kind + ".webm", name, name, kind, "microphone", "opus", 0, 1000, frames, 0, 0);
    }

    @Test
    void theNamesOnTheTracksAndTheTitleAreTheHints() {
        var m = new Manifest(Manifest.FORMAT, "r1", "m1", "Northwind budget review", Instant.EPOCH, Instant.EPOCH, List.of(
                track("Chidi Okonkwo (guest)", "audio", 50), track("Chidi Okonkwo (guest)", "video", 50),
                track("Ingrid", "audio", 50), track("Nobody Heard", "audio", 0)));
        assertEquals(List.of("chidi okonkwo", "chidi", "okonkwo", "ingrid", "northwind", "budget", "review"),
                RecordingManager.hints(m).phrases().stream().map(p -> String.join(" ", p)).toList(),
                "the guest mark is not a name; a track that recorded nothing names nobody");
    }
}
