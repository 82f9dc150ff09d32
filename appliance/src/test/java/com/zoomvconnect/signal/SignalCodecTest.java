package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.meeting.RoomEvent;
import com.zoomvconnect.meeting.TrackInfo;
import org.junit.jupiter.api.Test;

/** Typed values inside the server's messages travel in the wire format the web client reads. */
class SignalCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trackSourcesTravelByTheirWireNames() throws Exception {
        for (TrackSource source : TrackSource.values()) {
            var published = JSON.readTree(SignalCodec.encode(SignalEvents.toMessage(
                    new RoomEvent.TrackPublished("ann", new TrackInfo("t1", "audio", source, true)))));
            assertEquals(source.wireName(), published.path("track").path("source").asText());
            var muted = JSON.readTree(SignalCodec.encode(SignalEvents.toMessage(
                    new RoomEvent.TrackMuted("ann", "t1", source, true))));
            assertEquals(source.wireName(), muted.path("source").asText());
            var blocked = JSON.readTree(SignalCodec.encode(SignalEvents.toMessage(
                    new RoomEvent.MediaBlocked(source, true, "Olga"))));
            assertEquals("mediaBlocked", blocked.path("type").asText());
            assertEquals(source.wireName(), blocked.path("source").asText());
        }
    }
}
