package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sdp.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A track's hold state (host block and audio last-N, independent of each other) and its recording sink. */
class UpTrackTest {
    private static final Codec OPUS = new Codec(111, "opus", 48_000, 2, "", 0, List.of());

    private final UpTrack up = new UpTrack("t", "0", "audio", TrackSource.MICROPHONE, OPUS, 0x1234, Encoding.NO_SSRC, List.of(),
            null, 0, null);
    private int ended;
    private final RecordingTap.TrackSink sink = new RecordingTap.TrackSink() {
        @Override
        public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
        }

        @Override
        public void trackEnded() {
            ended++;
        }
    };

    @Test
    void blockAndSuppressionAreIndependentAndEitherHoldsTheTrackBack() {
        assertTrue(up.forwardable());
        assertTrue(up.block(true));
        up.suppress();
        assertFalse(up.forwardable());
        assertTrue(up.block(false));
        assertTrue(up.suppressed(), "unblocking leaves last-N's decision alone");
        assertFalse(up.forwardable());
        assertTrue(up.unsuppress());
        assertTrue(up.forwardable());
    }

    @Test
    void onlyAChangeReportsAChange() {
        assertFalse(up.block(false));
        assertTrue(up.block(true));
        assertFalse(up.block(true));
        assertFalse(up.unsuppress(), "was not suppressed");
        up.suppress();
        up.suppress();
        assertTrue(up.unsuppress());
        assertFalse(up.unsuppress());
    }

    @Test
    void aSuppressedTrackIsStillRecordedButABlockedOneIsNot() {
        up.attachSink(sink);
        up.suppress();
        assertSame(sink, up.recordingSink());
        up.block(true);
        assertNull(up.recordingSink());
        assertSame(sink, up.sink(), "still attached: sender reports keep its clock");
    }

    @Test
    void detachingEndsTheRecordingOnce() {
        up.attachSink(sink);
        up.detachSink();
        up.detachSink();
        assertFalse(up.hasSink());
        assertEquals(1, ended);
    }

    @Test
    void aSignalledSsrcIsKnownAndANotLearntOneIsNot() {
        Encoding e = up.encodings[0];
        assertTrue(e.hasSsrc());
        assertTrue(e.isBoundTo(0x1234));
        assertFalse(e.hasRtxSsrc());
        assertFalse(e.isRtx(Encoding.NO_SSRC));
        assertFalse(up.hasEncodings(Encoding.NO_SSRC, List.of()), "an unsignalled offer never matches");
        e.bindRtxSsrc(0x5678);
        assertTrue(e.isRtx(0x5678));
    }
}
