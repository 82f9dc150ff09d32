package com.zoomvconnect.media.sfu;

/**
 * The last {@code capacity} packets of one stream by sequence number, for answering NACKs
 * (RFC 4585 §6.2.1). A slot's buffer is allocated the first time it is used and reused after
 * (grown only for a larger packet), so memory follows the traffic actually seen and steady state
 * allocates nothing. Its monitor is held only while copying (a publisher on ICE-TCP and a
 * subscriber's NACK can arrive on different threads); never across I/O.
 */
public final class PacketCache {
    /** What {@link #get} returns for a packet it does not hold. */
    public static final int NOT_CACHED = -1;
    /** The sequence number of a slot that holds nothing (real ones are 0..65535). */
    private static final int EMPTY = -1;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] seqs;
    private final int mask;
    private final int maxPacket;

    /** @param capacity a power of two, e.g. 1024 (about 3 s of 720p video) */
    public PacketCache(int capacity, int maxPacket) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        slots = new byte[capacity][];
        lengths = new int[capacity];
        seqs = new int[capacity];
        mask = capacity - 1;
        this.maxPacket = maxPacket;
        java.util.Arrays.fill(seqs, EMPTY);
    }

    public synchronized void put(int seq, byte[] buf, int off, int len) {
        int i = seq & mask;
        if (len > maxPacket) {
            lengths[i] = 0;
            seqs[i] = EMPTY;
            return;
        }
        if (slots[i] == null || slots[i].length < len) {
            slots[i] = new byte[Math.max(len, 256)];
        }
        System.arraycopy(buf, off, slots[i], 0, len);
        lengths[i] = len;
        seqs[i] = seq;
    }

    /** Copies packet {@code seq} into {@code out}; returns its length, or {@link #NOT_CACHED}. */
    public synchronized int get(int seq, byte[] out, int off) {
        int i = seq & mask;
        if (seqs[i] != seq || lengths[i] == 0 || slots[i] == null) {
            return NOT_CACHED;
        }
        System.arraycopy(slots[i], 0, out, off, lengths[i]);
        return lengths[i];
    }

    /** Bytes of packet buffers this cache holds now (slots are allocated as traffic fills them). */
    public synchronized long heldBytes() {
        long n = 0;
        for (byte[] slot : slots) {
            if (slot != null) {
                n += slot.length;
            }
        }
        return n;
    }
}
