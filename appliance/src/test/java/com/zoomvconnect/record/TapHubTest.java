package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.sfu.RecordingTap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recording and live captions hearing one room: the hub is the room's one SFU tap and gives each
 * listener its own sinks; a listener that comes later learns the tracks already there, one that
 * leaves has only its own sinks ended, and the SFU tap goes when the last listener does.
 */
class TapHubTest {
    /** The SFU's side, as {@code Sfu.record} behaves: one tap per room, tracks announced to it. */
    static final class Room {
        RecordingTap tap;
        boolean closed;
        final List<RecordingTap.TrackSink> sinks = new ArrayList<>();

        AutoCloseable record(String roomId, RecordingTap t) {
            assertNull(tap, "one tap per room");
            tap = t;
            return () -> {
                closed = true;
                tap = null;
                sinks.forEach(RecordingTap.TrackSink::trackEnded);
            };
        }

        RecordingTap.TrackSink publish(String participant, String kind) {
            var s = tap.trackAdded(new RecordingTap.RecordedTrack(participant, participant + "-" + kind, kind, "microphone", "opus",
                    48_000, 1, layer -> { }));
            sinks.add(s);
            return s;
        }
    }

    /** A listener that keeps what it was given: which tracks, how many bytes, which ended. */
    static final class Listener implements RecordingTap {
        final List<String> tracks = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        int bytes;
        final String onlyKind;

        Listener(String onlyKind) {
            this.onlyKind = onlyKind;
        }

        @Override
        public TrackSink trackAdded(RecordedTrack track) {
            if (onlyKind != null && !onlyKind.equals(track.kind())) {
                return null;
            }
            tracks.add(track.trackId());
            return new TrackSink() {
                @Override
                public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
                    bytes += len;
                }

                @Override
                public void trackEnded() {
                    ended.add(track.trackId());
                }
            };
        }
    }

    @Test
    void twoListenersHearTheSameTracksAndLeaveIndependently() throws Exception {
        var room = new Room();
        var hub = new TapHub(room::record);
        var recording = new Listener(null);
        AutoCloseable rec = hub.listen("m1", recording);
        RecordingTap.TrackSink annMic = room.publish("ann", "audio");
        RecordingTap.TrackSink annCam = room.publish("ann", "video");
        annMic.onRtp(new byte[100], 0, 100, 0, 0);

        var captions = new Listener("audio"); // takes microphones only
        AutoCloseable cap = hub.listen("m1", captions);
        assertEquals(List.of("ann-audio"), captions.tracks, "told about the microphone already published");
        annMic.onRtp(new byte[50], 0, 50, 0, 0);
        annCam.onRtp(new byte[1000], 0, 1000, 0, 0);
        assertEquals(1150, recording.bytes);
        assertEquals(50, captions.bytes, "from when it listened, its tracks only");

        RecordingTap.TrackSink bobMic = room.publish("bob", "audio");
        assertEquals(List.of("ann-audio", "bob-audio"), captions.tracks);
        assertNotNull(bobMic);

        rec.close(); // the recording stops; captions go on
        assertEquals(List.of("ann-audio", "ann-video", "bob-audio"), recording.ended);
        assertTrue(captions.ended.isEmpty());
        assertTrue(!room.closed, "the room is still tapped for the captions");
        bobMic.onRtp(new byte[20], 0, 20, 0, 0);
        assertEquals(70, captions.bytes);
        assertEquals(1150, recording.bytes, "nothing after it left");

        cap.close();
        assertTrue(room.closed, "the last listener gone, the SFU tap goes");
        assertEquals(List.of("ann-audio", "bob-audio"), captions.ended);

        // A new listener taps the room afresh.
        var again = new Listener(null);
        hub.listen("m1", again);
        assertTrue(room.tap != null);
    }
}
