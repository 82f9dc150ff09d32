package com.zoomvconnect.media.rtp;

/**
 * Builds an RFC 8285 header-extension block and inserts it into an RTP packet that has none:
 * the one-byte form (0xBEDE, §4.2) when every element fits it (id 1–14, 1–16 bytes), else the
 * two-byte form (0x100, §4.3). Reusable and allocation-free: {@link #clear}, {@link #add} the
 * elements, then {@link #insertInto}. Not thread-safe: one per thread.
 */
public final class HeaderExtensionWriter {
    private static final int MAX_ELEMENTS = 16;
    private static final int MAX_DATA = 255;

    private final int[] ids = new int[MAX_ELEMENTS];
    private final int[] starts = new int[MAX_ELEMENTS];
    private final int[] lengths = new int[MAX_ELEMENTS];
    private final byte[] data = new byte[MAX_DATA];
    private int count;
    private int used;

    /** Forgets the elements added so far. */
    public HeaderExtensionWriter clear() {
        count = 0;
        used = 0;
        return this;
    }

    /** Adds element {@code id} holding the low {@code bytes} bytes of {@code value}, big-endian. */
    public HeaderExtensionWriter add(int id, long value, int bytes) {
        if (bytes < 1 || bytes > 8) {
            throw new IllegalArgumentException("1 to 8 bytes");
        }
        int at = reserve(id, bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            data[at + i] = (byte) value;
            value >>>= 8;
        }
        return this;
    }

    /** Adds element {@code id} holding {@code b[off..off+len)}. */
    public HeaderExtensionWriter add(int id, byte[] b, int off, int len) {
        System.arraycopy(b, off, data, reserve(id, len), len);
        return this;
    }

    private int reserve(int id, int len) {
        if (id < 1 || id > 255 || len > 255 || count == MAX_ELEMENTS || used + len > MAX_DATA) {
            throw new IllegalArgumentException("extension element does not fit: id " + id + ", " + len + " bytes");
        }
        ids[count] = id;
        starts[count] = used;
        lengths[count] = len;
        count++;
        int at = used;
        used += len;
        return at;
    }

    /** Whether the elements need the two-byte form (RFC 8285 §4.3): an id over 14, or a length of 0 or over 16. */
    public boolean twoByte() {
        for (int i = 0; i < count; i++) {
            if (ids[i] > 14 || lengths[i] == 0 || lengths[i] > 16) {
                return true;
            }
        }
        return false;
    }

    /** Bytes the block adds to a packet: 4 for its header, the elements, zero padding to 32 bits. */
    public int blockLength() {
        int body = used + count * (twoByte() ? 2 : 1);
        return 4 + (body + 3) / 4 * 4;
    }

    /**
     * Inserts the block after the CSRC list of the packet {@code b[off..off+len)}, which must
     * have no extension yet (strip it first), shifting the payload; sets the X bit. {@code b}
     * needs {@link #blockLength} bytes of room after the packet. Returns the new length.
     */
    public int insertInto(byte[] b, int off, int len) {
        if ((b[off] & 0x10) != 0) {
            throw new IllegalStateException("the packet already has a header extension");
        }
        int h = off + RtpPacket.FIXED_HEADER + 4 * (b[off] & 0x0F);
        int block = blockLength();
        System.arraycopy(b, h, b, h + block, off + len - h);
        boolean two = twoByte();
        b[h] = (byte) (two ? 0x10 : 0xBE);
        b[h + 1] = (byte) (two ? 0x00 : 0xDE);
        int words = (block - 4) / 4;
        b[h + 2] = (byte) (words >>> 8);
        b[h + 3] = (byte) words;
        int p = h + 4;
        for (int i = 0; i < count; i++) {
            if (two) {
                b[p++] = (byte) ids[i];
                b[p++] = (byte) lengths[i];
            } else {
                b[p++] = (byte) ((ids[i] << 4) | (lengths[i] - 1));
            }
            System.arraycopy(data, starts[i], b, p, lengths[i]);
            p += lengths[i];
        }
        while (p < h + block) {
            b[p++] = 0; // padding (RFC 8285 §4.1)
        }
        b[off] |= 0x10;
        return len + block;
    }
}
