package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtp.SeqNum;

/**
 * Per down-track rewriting of sequence number and timestamp. The subscriber sees one continuous
 * stream even when the SFU switches the source (simulcast layer, re-published track) or drops
 * packets on purpose: an unexplained gap in sequence numbers makes the browser NACK and, for
 * video, stall waiting for a keyframe. Not thread-safe: one forwarding thread per down-track.
 */
public final class SequenceRewriter {
    private boolean started;
    private int lastInSeq;
    private int lastOutSeq;
    private long lastOutTs;
    private int seqOffset;
    private long tsOffset;
    private boolean switchPending;
    private long switchTsGap;
    private int outSeq;
    private long outTs;
    /**
     * How far the newest incoming and outgoing numbers are past the current source's first, counted
     * without wrapping: a 16-bit difference to the first number turns negative after 32 768 packets
     * (11 minutes of audio), and every packet after that looked older than the source.
     */
    private long lastInPos;
    private long lastOutPos;
    /**
     * Padding the SFU inserted (bandwidth probes) shifts later packets up by one; a late packet
     * from before an insertion (a retransmission from the publisher) keeps the offset it had
     * then. The last {@link #BOUNDARIES} insertion points: the incoming position (as
     * {@link #lastInPos}) after which, and the offset before.
     */
    private static final int BOUNDARIES = 8;
    private final long[] boundaryInPos = new long[BOUNDARIES];
    private final int[] boundaryOffset = new int[BOUNDARIES];
    private int boundaries;

    /**
     * The next packet comes from a new source: continue numbering from what the subscriber saw,
     * spacing timestamps by {@code tsGap} (e.g. one frame at 90 kHz).
     */
    public void switchSource(long tsGap) {
        switchPending = true;
        switchTsGap = tsGap;
    }

    /**
     * Maps an incoming packet to {@link #outSeq()}/{@link #outTs()}; returns false for packets
     * too old to forward: from before the current source started (their numbers would collide
     * with the previous source's), or far behind.
     */
    public boolean rewrite(int inSeq, long inTs) {
        if (!started || switchPending) {
            int nextOut = started ? SeqNum.add(lastOutSeq, 1) : inSeq;
            long nextTs = started ? (lastOutTs + Math.max(1, switchTsGap)) & 0xffffffffL : inTs;
            seqOffset = (inSeq - nextOut) & 0xffff;
            tsOffset = (inTs - nextTs) & 0xffffffffL;
            started = true;
            switchPending = false;
            lastInSeq = inSeq;
            lastOutSeq = nextOut;
            lastOutTs = nextTs;
            outSeq = nextOut;
            outTs = nextTs;
            lastInPos = 0;
            lastOutPos = 0;
            boundaries = 0;
            return true;
        }
        int d = SeqNum.diff(inSeq, lastInSeq);
        long pos = lastInPos + d;
        if (d < -1000 || pos < 0) {
            return false;
        }
        int offset = seqOffset;
        if (d <= 0 && boundaries > 0) {
            int kept = Math.min(boundaries, BOUNDARIES);
            int k = 0;
            for (; k < kept; k++) {
                int i = (boundaries - 1 - k) & (BOUNDARIES - 1);
                if (pos > boundaryInPos[i]) {
                    break;
                }
                offset = boundaryOffset[i];
            }
            if (k == kept && boundaries > BOUNDARIES) {
                return false; // from before an insertion no longer remembered
            }
        }
        outSeq = (inSeq - offset) & 0xffff;
        outTs = (inTs - tsOffset) & 0xffffffffL;
        if (d > 0) {
            lastOutPos += SeqNum.diff(outSeq, lastOutSeq);
            lastInSeq = inSeq;
            lastInPos = pos;
            lastOutSeq = outSeq;
            lastOutTs = outTs;
        }
        return true;
    }

    /**
     * The newest packet {@code inSeq} is dropped on purpose (it must be the last one passed to
     * {@link #rewrite}): later packets shift down by one so the subscriber sees no gap.
     */
    public void skip(int inSeq) {
        if (started && inSeq == lastInSeq) {
            seqOffset = (seqOffset + 1) & 0xffff;
            lastOutSeq = SeqNum.add(lastOutSeq, -1);
            lastOutPos--;
        }
    }

    /**
     * Takes the next outgoing sequence number for a packet the SFU makes itself (a padding-only
     * probe) after the newest forwarded one; later packets shift up by one. Call only once
     * {@link #started} and with no source switch pending. Returns the number taken.
     */
    public int insertPadding() {
        int newest = (boundaries - 1) & (BOUNDARIES - 1);
        if (boundaries == 0 || boundaryInPos[newest] != lastInPos) {
            int i = boundaries++ & (BOUNDARIES - 1);
            boundaryInPos[i] = lastInPos;
            boundaryOffset[i] = seqOffset;
        }
        seqOffset = (seqOffset - 1) & 0xffff;
        lastOutSeq = SeqNum.add(lastOutSeq, 1);
        lastOutPos++;
        return lastOutSeq;
    }

    /** The timestamp of the newest packet forwarded (a padding packet reuses it, as libwebrtc's do). */
    public long lastOutTs() {
        return lastOutTs;
    }

    /** Whether a source switch waits for its first packet (no padding may be inserted then). */
    public boolean switchPending() {
        return switchPending;
    }

    public int outSeq() {
        return outSeq;
    }

    public long outTs() {
        return outTs;
    }

    /** The outgoing timestamp for an incoming one under the current mapping (sender reports, retransmissions). */
    public long mapTimestamp(long inTs) {
        return (inTs - tsOffset) & 0xffffffffL;
    }

    public boolean started() {
        return started;
    }

    /** Whether an outgoing sequence number belongs to the current source (a NACK for it can be answered). */
    public boolean isCurrentSource(int outgoingSeq) {
        int behind = SeqNum.diff(lastOutSeq, outgoingSeq);
        return started && behind >= 0 && behind <= lastOutPos;
    }

    /** Maps an outgoing sequence number back to the incoming one (for answering NACKs). */
    public int toIncoming(int outgoingSeq) {
        return (outgoingSeq + seqOffset) & 0xffff;
    }
}
