package com.zoomvconnect.media.sfu;

/**
 * What one down-track sent, by outgoing sequence number: the layer and publisher sequence number
 * each packet came from, and the timestamp and VP8 ids it went out with. A NACK is answered from
 * that layer's cache with exactly the header first sent, also for a packet from before a layer
 * switch or before a dropped packet shifted the numbering (LiveKit's sequencer does the same).
 * Parallel int arrays: nothing is allocated per packet. Guarded by the down-track's monitor.
 */
final class SentHistory {
    private static final int VALID = 1 << 16;

    private final int[] keys;
    /** Publisher sequence number in the low 16 bits, layer above. */
    private final int[] sources;
    private final int[] timestamps;
    /** VP8 picture id in the low 16 bits, TL0PICIDX above; each a signed short (ABSENT = -1). */
    private final int[] vp8;
    private final int mask;

    /** @param capacity a power of two; match the publisher's packet cache, older packets cannot be resent anyway */
    SentHistory(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        keys = new int[capacity];
        sources = new int[capacity];
        timestamps = new int[capacity];
        vp8 = new int[capacity];
        mask = capacity - 1;
    }

    /** Remembers a forwarded packet. */
    void record(ForwardDecision d) {
        int i = d.seq() & mask;
        keys[i] = d.seq() | VALID;
        sources[i] = (d.sourceSeq() & 0xffff) | (d.layer() << 16);
        timestamps[i] = (int) d.timestamp();
        vp8[i] = (d.picture() & 0xffff) | ((d.tl0() & 0xffff) << 16);
    }

    /** Fills {@code d} with what was sent as {@code outSeq}; false if it was not sent or is forgotten. */
    boolean lookup(int outSeq, ForwardDecision d) {
        int i = outSeq & mask;
        if (keys[i] != ((outSeq & 0xffff) | VALID)) {
            return false;
        }
        d.source(sources[i] >>> 16, sources[i] & 0xffff)
                .forward(outSeq & 0xffff, timestamps[i] & 0xffffffffL, (short) vp8[i], (short) (vp8[i] >>> 16), false);
        return true;
    }
}
