package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sdp.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receive statistics of one encoding: RFC 3550 §A.3 expected and lost packets, §A.8 interarrival jitter. */
class EncodingStatsTest {
    private static final Codec OPUS = new Codec(111, Codec.OPUS, 48_000, 2, "", -1, List.of());
    private static final long MS = 1_000_000L;

    private static Encoding audio() {
        return new UpTrack("a", "1", "audio", TrackSource.MICROPHONE, OPUS, 5, -1, List.of(), null, 0, null).encoding(0);
    }

    @Test
    void packetsArrivingAtTheirOwnPaceHaveNoJitter() {
        Encoding e = audio();
        for (int i = 0; i < 50; i++) {
            e.countReceived(i, i * 960L, 100, 1_000 * MS + i * 20 * MS); // 20 ms of 48 kHz audio every 20 ms
        }
        assertEquals(0.0, e.jitterMillis());
        assertEquals(50, e.expected());
        assertEquals(0, e.lost());
    }

    @Test
    void arrivalsAlternatelyFiveMillisecondsLateConvergeOnFiveMillisecondsOfJitter() {
        Encoding e = audio();
        for (int i = 0; i < 500; i++) {
            long late = i % 2 == 0 ? 0 : 5 * MS;
            e.countReceived(i, i * 960L, 100, 1_000 * MS + i * 20 * MS + late);
        }
        // |D| is 5 ms for every pair, and J tends to the mean |D|.
        assertEquals(5.0, e.jitterMillis(), 0.1);
    }

    @Test
    void aGapCountsAsLostUntilTheMissingPacketArrives() {
        Encoding e = audio();
        assertEquals(1, e.countReceived(10, 0, 100, MS));
        assertEquals(3, e.countReceived(13, 3 * 960, 100, 61 * MS)); // 11 and 12 missing
        assertEquals(4, e.expected());
        assertEquals(2, e.lost());
        assertEquals(0, e.countReceived(11, 960, 100, 70 * MS)); // late: expected nothing new
        assertEquals(1, e.lost());
        assertEquals(1, e.countReceived(14, 4 * 960, 100, 81 * MS));
    }
}
