package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A down-track's per-packet decisions: the layer state machine and the rewrite values it hands out. */
class DownTrackTest {
    private static final Codec VP8 = new Codec(96, Codec.VP8, 90_000, 1, "", 97, List.of());
    private static final Codec OPUS = new Codec(111, Codec.OPUS, 48_000, 2, "", -1, List.of());
    private static final long MS = 1_000_000L;

    private final ReceivedPacket p = new ReceivedPacket();

    /** A camera's down-track its subscriber has answered for. */
    private static DownTrack simulcastCamera() {
        DownTrack d = unansweredCamera();
        d.negotiated();
        return d;
    }

    private static DownTrack unansweredCamera() {
        var up = new UpTrack("t", "0", "video", TrackSource.CAMERA, VP8, -1, -1, List.of("q", "h", "f"), null, 0, null);
        return new DownTrack(up, null, "0", 0xABCDL, VP8);
    }

    private static DownTrack microphone() {
        var up = new UpTrack("a", "1", "audio", TrackSource.MICROPHONE, OPUS, 5, -1, List.of(), null, 0, null);
        DownTrack d = new DownTrack(up, null, "1", 0xBCDEL, OPUS);
        d.negotiated();
        return d;
    }

    /** An RTP packet with a VP8 descriptor: 15-bit picture id, TL0PICIDX and TID (RFC 7741 §4.2). */
    private ReceivedPacket vp8(int layer, int seq, long ts, int pid, int tl0, int tid, boolean keyframe) {
        byte[] b = {(byte) 0x80, 96, (byte) (seq >>> 8), (byte) seq, (byte) (ts >>> 24), (byte) (ts >>> 16), (byte) (ts >>> 8),
            (byte) ts, 0, 0, 0, (byte) (10 + layer), (byte) 0x90, (byte) 0xE0, (byte) (0x80 | (pid >>> 8)), (byte) pid,
            (byte) tl0, (byte) (tid << 6), 0x10, 0x02};
        assertTrue(p.parse(b, 0, b.length));
        p.layer = layer;
        p.keyframe = keyframe;
        return p;
    }

    private ReceivedPacket opus(int seq, long ts) {
        byte[] b = {(byte) 0x80, 111, (byte) (seq >>> 8), (byte) seq, (byte) (ts >>> 24), (byte) (ts >>> 16), (byte) (ts >>> 8),
            (byte) ts, 0, 0, 0, 5, 1, 2, 3};
        assertTrue(p.parse(b, 0, b.length));
        return p;
    }

    /** Starts {@code d} on layer 0 with a keyframe (seq 100, ts 9000, picture 10, TL0 5) and two more packets. */
    private void startOnLowLayer(DownTrack d) {
        d.allocate(0, DownTrack.ALL_TEMPORAL);
        assertTrue(d.decide(vp8(0, 100, 9000, 10, 5, 0, true), 0).forwards());
        assertTrue(d.decide(vp8(0, 101, 12_000, 11, 6, 0, false), 33 * MS).forwards());
        assertTrue(d.decide(vp8(0, 102, 15_000, 12, 7, 0, false), 66 * MS).forwards());
    }

    /** Layer 0 as above, then layer 1 from its keyframe (seq 4001, sent as 103). */
    private DownTrack switchedToMiddleLayer() {
        DownTrack d = simulcastCamera();
        startOnLowLayer(d);
        d.allocate(1, DownTrack.ALL_TEMPORAL);
        assertTrue(d.decide(vp8(1, 4001, 703_000, 901, 71, 0, true), 100 * MS).switched());
        return d;
    }

    @Test
    void sendsNothingBeforeTheSubscriberAnswersThenStartsAtTheNextKeyframe() {
        DownTrack d = unansweredCamera();
        d.allocate(0, DownTrack.ALL_TEMPORAL);
        assertFalse(d.isFlowing(), "not flowing before the answer");
        assertFalse(d.awaitingKeyframe(), "no keyframe is asked for a down-track the browser cannot place yet");
        ForwardDecision early = d.decide(vp8(0, 100, 9000, 10, 5, 0, true), 0);
        assertEquals(DropReason.NOT_NEGOTIATED, early.reason(), "a keyframe before the answer would be lost in the browser");
        assertFalse(early.keyframeNeeded());
        d.negotiated();
        assertTrue(d.awaitingKeyframe(), "answered: the caller asks for a keyframe now");
        assertEquals(DropReason.AWAITING_KEYFRAME, d.decide(vp8(0, 101, 12_000, 11, 6, 0, false), 33 * MS).reason());
        ForwardDecision key = d.decide(vp8(0, 102, 15_000, 12, 7, 0, true), 66 * MS);
        assertTrue(key.forwards());
        assertEquals(DownTrack.LayerState.FORWARDING, d.state());
    }

    @Test
    void dropsVideoUntilAKeyframeOfTheTargetLayerAndAsksForOne() {
        DownTrack d = simulcastCamera();
        d.allocate(0, DownTrack.ALL_TEMPORAL);
        ForwardDecision delta = d.decide(vp8(0, 100, 9000, 10, 5, 0, false), 0);
        assertEquals(DropReason.AWAITING_KEYFRAME, delta.reason());
        assertTrue(delta.keyframeNeeded());
        assertEquals(DownTrack.LayerState.STARTING, d.state());
        ForwardDecision other = d.decide(vp8(2, 7000, 1, 500, 9, 0, true), 0);
        assertEquals(DropReason.OTHER_LAYER, other.reason(), "a keyframe of a layer not targeted does not start it");
        ForwardDecision key = d.decide(vp8(0, 101, 12_000, 11, 6, 0, true), 0);
        assertTrue(key.forwards());
        assertFalse(key.switched(), "starting is not a layer switch");
        assertEquals(DownTrack.LayerState.FORWARDING, d.state());
    }

    @Test
    void forwardsWithinALayerKeepingTheSourceNumbering() {
        DownTrack d = simulcastCamera();
        startOnLowLayer(d);
        ForwardDecision f = d.decide(vp8(0, 103, 18_000, 13, 8, 0, false), 100 * MS);
        assertTrue(f.forwards());
        assertEquals(103, f.seq());
        assertEquals(18_000, f.timestamp());
        assertEquals(13, f.picture());
        assertEquals(8, f.tl0());
        assertEquals(0, f.layer());
        assertFalse(f.switched());
    }

    @Test
    void switchesUpAtTheTargetsKeyframeWithContinuousSeqTimestampAndPictureIds() {
        DownTrack d = simulcastCamera();
        startOnLowLayer(d);
        assertTrue(d.allocate(1, DownTrack.ALL_TEMPORAL), "a new target needs a keyframe");
        assertEquals(1, d.targetLayer());
        assertFalse(d.allocate(1, DownTrack.ALL_TEMPORAL), "the same target again asks for nothing");
        ForwardDecision waiting = d.decide(vp8(1, 4000, 700_000, 900, 70, 0, false), 90 * MS);
        assertEquals(DropReason.AWAITING_KEYFRAME, waiting.reason());
        assertTrue(d.decide(vp8(0, 103, 18_000, 13, 8, 0, false), 99 * MS).forwards(), "the current layer keeps flowing");

        ForwardDecision key = d.decide(vp8(1, 4001, 703_000, 901, 71, 0, true), 132 * MS);
        assertTrue(key.forwards());
        assertTrue(key.switched());
        assertEquals(104, key.seq(), "numbering continues without a gap");
        assertEquals(18_000 + 33 * 90, key.timestamp(), "timestamps advance by the wall-clock time since the last packet");
        assertEquals(14, key.picture());
        assertEquals(9, key.tl0());
        ForwardDecision next = d.decide(vp8(1, 4002, 706_000, 902, 72, 1, false), 165 * MS);
        assertEquals(105, next.seq());
        assertEquals(18_000 + 33 * 90 + 3000, next.timestamp());
        assertEquals(15, next.picture());
        assertEquals(DropReason.OTHER_LAYER, d.decide(vp8(0, 104, 21_000, 14, 9, 0, false), 166 * MS).reason());
        assertEquals(1, d.currentLayer());
    }

    @Test
    void retransmitsAPacketSentBeforeTheSwitchFromItsOwnLayerUnderTheSameSeq() {
        DownTrack d = switchedToMiddleLayer();

        ForwardDecision r = d.decideRetransmit(101);
        assertTrue(r.forwards());
        assertTrue(r.retransmit());
        assertEquals(0, r.layer(), "from the layer it was sent from, not the one forwarded now");
        assertEquals(101, r.sourceSeq());
        assertEquals(101, r.seq());
        assertEquals(12_000, r.timestamp());
        assertEquals(11, r.picture());
        assertEquals(6, r.tl0());
        ForwardDecision after = d.decideRetransmit(103);
        assertEquals(1, after.layer());
        assertEquals(4001, after.sourceSeq());
    }

    @Test
    void dropsAPacketOfTheNewLayerOlderThanTheSwitch() {
        DownTrack d = switchedToMiddleLayer();
        ForwardDecision late = d.decide(vp8(1, 4000, 700_000, 900, 70, 0, false), 101 * MS);
        assertEquals(DropReason.TOO_OLD, late.reason(), "its number would collide with the old layer's");
        assertEquals(DropReason.NOT_IN_HISTORY, d.decideRetransmit(500).reason());
    }

    @Test
    void frameRateStepDownClosesTheNumberingAndRetransmitsTheRightPacket() {
        DownTrack d = simulcastCamera();
        startOnLowLayer(d);
        d.allocate(0, 0);
        ForwardDecision dropped = d.decide(vp8(0, 103, 18_000, 13, 8, 2, false), 100 * MS);
        assertEquals(DropReason.TEMPORAL_LAYER, dropped.reason());
        ForwardDecision kept = d.decide(vp8(0, 104, 21_000, 14, 8, 0, false), 133 * MS);
        assertEquals(103, kept.seq(), "no gap where the dropped packet was");
        ForwardDecision r = d.decideRetransmit(103);
        assertEquals(104, r.sourceSeq(), "a NACK for it fetches the packet that was sent under that number");
        assertEquals(102, d.decideRetransmit(102).sourceSeq());
    }

    @Test
    void videoBackFromPauseWaitsForAKeyframeAndContinuesTheNumbering() {
        DownTrack d = simulcastCamera();
        startOnLowLayer(d);
        assertFalse(d.setPaused(true));
        assertEquals(DropReason.PAUSED, d.decide(vp8(0, 103, 18_000, 13, 8, 0, false), 100 * MS).reason());
        assertTrue(d.setPaused(false), "resuming asks for a keyframe");
        assertEquals(DownTrack.LayerState.AWAITING_KEYFRAME, d.state());
        assertEquals(DropReason.AWAITING_KEYFRAME, d.decide(vp8(0, 200, 300_000, 40, 20, 0, false), 2000 * MS).reason());
        ForwardDecision key = d.decide(vp8(0, 201, 303_000, 41, 21, 0, true), 2000 * MS);
        assertEquals(103, key.seq());
        assertEquals(13, key.picture());
        assertFalse(key.switched(), "same layer: not counted as a layer switch");
    }

    @Test
    void audioResumesWithoutAGapAndWithoutWaiting() {
        DownTrack d = microphone();
        assertTrue(d.decide(opus(10, 960), 0).forwards(), "audio starts at once");
        assertEquals(11, d.decide(opus(11, 1920), 20 * MS).seq());
        d.resume();
        assertEquals(DownTrack.LayerState.RESUMING, d.state());
        ForwardDecision f = d.decide(opus(500, 480_000), 1020 * MS);
        assertTrue(f.forwards());
        assertEquals(12, f.seq());
        assertEquals(1920 + 48_000, f.timestamp(), "one second of silence at 48 kHz");
        assertEquals(DownTrack.LayerState.FORWARDING, d.state());
    }

    @Test
    void aRemovedDownTrackSendsNothing() {
        DownTrack d = microphone();
        d.decide(opus(10, 960), 0);
        d.deactivate();
        assertEquals(DropReason.INACTIVE, d.decide(opus(11, 1920), 0).reason());
        assertEquals(DropReason.INACTIVE, d.decideRetransmit(10).reason());
    }

    /** The packet {@code p} holds now, with the RTP marker set (the last packet of a frame). */
    private static ReceivedPacket frameEnd(ReceivedPacket p) {
        p.buf[p.off + 1] |= (byte) 0x80;
        return p;
    }

    @Test
    void padsBetweenFramesAsValidRtpAndShiftsLaterPacketsByOne() {
        DownTrack d = simulcastCamera();
        d.allocate(0, DownTrack.ALL_TEMPORAL);
        d.decide(vp8(0, 100, 9000, 10, 5, 0, true), 0);
        byte[] out = new byte[1500];
        assertEquals(0, d.writePadding(out, 200), "inside a frame: a padding number would split it");
        assertTrue(d.decide(frameEnd(vp8(0, 101, 9000, 10, 5, 0, false)), MS).forwards());

        int n = d.writePadding(out, 200);
        assertEquals(RtpPacket.FIXED_HEADER + 200, n);
        int h = RtpPacket.headerLength(out, 0, n);
        assertEquals(RtpPacket.FIXED_HEADER, h);
        assertEquals(0, RtpPacket.payloadLength(out, 0, n, h), "padding only");
        assertTrue((out[0] & 0x20) != 0, "P bit");
        assertFalse(RtpPacket.marker(out, 0));
        assertEquals(96, RtpPacket.payloadType(out, 0));
        assertEquals(102, RtpPacket.sequence(out, 0), "the next number after the frame");
        assertEquals(9000, RtpPacket.timestamp(out, 0), "the frame's timestamp");
        assertEquals(0xABCDL, RtpPacket.ssrc(out, 0));
        assertEquals(103, seqAfter(d.writePadding(out, 200), out));

        ForwardDecision next = d.decide(vp8(0, 102, 12_000, 11, 6, 0, false), 33 * MS);
        assertEquals(104, next.seq(), "later packets shift past the padding");
        assertEquals(12_000, next.timestamp());
        assertEquals(102, d.decideRetransmit(104).sourceSeq(), "a NACK finds the packet under its new number");
        assertEquals(DropReason.NOT_IN_HISTORY, d.decideRetransmit(102).reason(), "padding is not resent");
    }

    @Test
    void aLatePacketFromBeforeThePaddingKeepsItsNumber() {
        DownTrack d = simulcastCamera();
        d.allocate(0, DownTrack.ALL_TEMPORAL);
        d.decide(vp8(0, 100, 9000, 10, 5, 0, true), 0);
        // 101 is lost on the way in; the frame's end arrives, padding follows, then 101 is retransmitted.
        d.decide(frameEnd(vp8(0, 102, 9000, 10, 5, 0, false)), MS);
        byte[] out = new byte[1500];
        assertEquals(103, seqAfter(d.writePadding(out, 100), out));
        ForwardDecision late = d.decide(vp8(0, 101, 9000, 10, 5, 0, false), 5 * MS);
        assertTrue(late.forwards());
        assertEquals(101, late.seq(), "the number the subscriber is missing, not one shifted onto the frame's end");
        assertEquals(104, d.decide(vp8(0, 103, 12_000, 11, 6, 0, false), 33 * MS).seq());
    }

    @Test
    void padsNoAudioAndNothingWhileAwaitingAKeyframe() {
        byte[] out = new byte[1500];
        DownTrack mic = microphone();
        mic.decide(frameEnd(opus(7, 960)), 0);
        assertEquals(0, mic.writePadding(out, 100));
        assertFalse(mic.canPad());

        DownTrack d = simulcastCamera();
        d.allocate(0, DownTrack.ALL_TEMPORAL);
        d.decide(frameEnd(vp8(0, 100, 9000, 10, 5, 0, true)), 0);
        assertTrue(d.canPad());
        d.resume();
        assertEquals(0, d.writePadding(out, 100), "resuming: the subscriber's stream restarts at a keyframe");
    }

    private static int seqAfter(int n, byte[] out) {
        assertTrue(n > 0);
        return RtpPacket.sequence(out, 0);
    }
}
