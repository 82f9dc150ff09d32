package com.zoomvconnect.media.turn;

/** The ChannelData message (RFC 8656 §12.4): channel number, length, then the application data. */
public final class ChannelData {
    public static final int HEADER_LENGTH = 4;
    /** Channel numbers a client may bind (RFC 8656 §12). */
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {
    }

    /** ChannelData starts with the bits 01 (RFC 8656 §12.4; RFC 7983 §7 first byte 64..79). */
    public static boolean looksLikeChannelData(int firstByte) {
        return (firstByte & 0xC0) == 0x40;
    }

    public static boolean isValidChannel(int number) {
        return number >= MIN_CHANNEL && number <= MAX_CHANNEL;
    }

    public static int channel(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static int dataLength(byte[] b, int off) {
        return ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** Bytes a ChannelData message takes on a stream: data padded to a multiple of 4 (RFC 8656 §12.5). */
    public static int streamLength(int dataLength) {
        return HEADER_LENGTH + ((dataLength + 3) & ~3);
    }

    public static void writeHeader(byte[] b, int off, int channel, int dataLength) {
        b[off] = (byte) (channel >>> 8);
        b[off + 1] = (byte) channel;
        b[off + 2] = (byte) (dataLength >>> 8);
        b[off + 3] = (byte) dataLength;
    }
}
