package com.zoomvconnect.record.transcribe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RIFF/WAVE as the engines take it: 16 kHz, mono, 16-bit little-endian PCM. */
public final class Wav {
    private Wav() {
    }

    /** Offset of the samples in a RIFF/WAVE file (after the 'data' chunk header). */
    public static int dataOffset(byte[] wav) throws IOException {
        if (wav.length < 12 || wav[0] != 'R' || wav[8] != 'W') {
            throw new IOException("not a WAV file");
        }
        int p = 12;
        while (p + 8 <= wav.length) {
            int size = (wav[p + 4] & 0xFF) | (wav[p + 5] & 0xFF) << 8 | (wav[p + 6] & 0xFF) << 16 | (wav[p + 7] & 0xFF) << 24;
            if (wav[p] == 'd' && wav[p + 1] == 'a' && wav[p + 2] == 't' && wav[p + 3] == 'a') {
                return p + 8;
            }
            p += 8 + size + (size & 1);
        }
        throw new IOException("WAV file without a data chunk");
    }

    /** A canonical 16 kHz mono 16-bit WAV file around {@code len} bytes of samples. */
    public static byte[] file(byte[] src, int off, int len) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + len).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + len).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(len).put(src, off, len);
        return b.array();
    }
}
