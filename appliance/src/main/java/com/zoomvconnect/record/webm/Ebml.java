package com.zoomvconnect.record.webm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** EBML (RFC 8794) element encoding for the Matroska/WebM subset the recorder writes. */
final class Ebml {
    static final int EBML = 0x1A45DFA3;
    static final int EBML_VERSION = 0x4286;
    static final int EBML_READ_VERSION = 0x42F7;
    static final int EBML_MAX_ID_LENGTH = 0x42F2;
    static final int EBML_MAX_SIZE_LENGTH = 0x42F3;
    static final int DOC_TYPE = 0x4282;
    static final int DOC_TYPE_VERSION = 0x4287;
    static final int DOC_TYPE_READ_VERSION = 0x4285;
    static final int SEGMENT = 0x18538067;
    static final int SEEK_HEAD = 0x114D9B74;
    static final int SEEK = 0x4DBB;
    static final int SEEK_ID = 0x53AB;
    static final int SEEK_POSITION = 0x53AC;
    static final int INFO = 0x1549A966;
    static final int TIMESTAMP_SCALE = 0x2AD7B1;
    static final int DURATION = 0x4489;
    static final int MUXING_APP = 0x4D80;
    static final int WRITING_APP = 0x5741;
    static final int DATE_UTC = 0x4461;
    static final int TITLE = 0x7BA9;
    static final int TRACKS = 0x1654AE6B;
    static final int TRACK_ENTRY = 0xAE;
    static final int TRACK_NUMBER = 0xD7;
    static final int TRACK_UID = 0x73C5;
    static final int TRACK_TYPE = 0x83;
    static final int FLAG_LACING = 0x9C;
    static final int CODEC_ID = 0x86;
    static final int CODEC_PRIVATE = 0x63A2;
    static final int CODEC_DELAY = 0x56AA;
    static final int SEEK_PRE_ROLL = 0x56BB;
    static final int NAME = 0x536E;
    static final int VIDEO = 0xE0;
    static final int PIXEL_WIDTH = 0xB0;
    static final int PIXEL_HEIGHT = 0xBA;
    static final int AUDIO = 0xE1;
    static final int SAMPLING_FREQUENCY = 0xB5;
    static final int CHANNELS = 0x9F;
    static final int CLUSTER = 0x1F43B675;
    static final int TIMESTAMP = 0xE7;
    static final int SIMPLE_BLOCK = 0xA3;
    static final int CUES = 0x1C53BB6B;
    static final int CUE_POINT = 0xBB;
    static final int CUE_TIME = 0xB3;
    static final int CUE_TRACK_POSITIONS = 0xB7;
    static final int CUE_TRACK = 0xF7;
    static final int CUE_CLUSTER_POSITION = 0xF1;
    static final int VOID = 0xEC;

    /** The 8-byte "unknown size" (all data bits set), used while a live element is open. */
    static final long UNKNOWN_SIZE = 0x00FFFFFFFFFFFFFFL;

    private Ebml() {
    }

    /** A growable byte buffer with EBML writers. */
    static final class Buf extends ByteArrayOutputStream {
        Buf() {
            super(256);
        }

        Buf(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }

        void id(int id) {
            if ((id & 0xFF000000) != 0) {
                write(id >>> 24);
            }
            if ((id & 0xFFFF0000) != 0) {
                write(id >>> 16);
            }
            if ((id & 0xFFFFFF00) != 0) {
                write(id >>> 8);
            }
            write(id);
        }

        /** A data size as the shortest vint (RFC 8794 §4), or 8 bytes when {@code fixed8}. */
        void size(long size, boolean fixed8) {
            int len = fixed8 ? 8 : sizeLength(size);
            long v = size | (1L << (7 * len));
            for (int i = len - 1; i >= 0; i--) {
                write((int) (v >>> (8 * i)));
            }
        }

        void uint(int id, long value) {
            id(id);
            int len = 1;
            while (len < 8 && (value >>> (8 * len)) != 0) {
                len++;
            }
            size(len, false);
            for (int i = len - 1; i >= 0; i--) {
                write((int) (value >>> (8 * i)));
            }
        }

        void sint(int id, long value) {
            id(id);
            size(8, false);
            for (int i = 7; i >= 0; i--) {
                write((int) (value >>> (8 * i)));
            }
        }

        void floatElement(int id, double value) {
            id(id);
            size(8, false);
            long bits = Double.doubleToLongBits(value);
            for (int i = 7; i >= 0; i--) {
                write((int) (bits >>> (8 * i)));
            }
        }

        void string(int id, String value) {
            bytes(id, value.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(int id, byte[] value) {
            id(id);
            size(value.length, false);
            writeBytes(value);
        }

        /** A master element around {@code body}. */
        void master(int id, Buf body) {
            id(id);
            size(body.size(), false);
            write(body.array(), 0, body.size());
        }

        /** A Void element of exactly {@code total} bytes (total >= 9), reserving room to overwrite later. */
        void voidElement(int total) {
            id(VOID);
            size(total - 9, true);
            for (int i = 0; i < total - 9; i++) {
                write(0);
            }
        }
    }

    static int sizeLength(long size) {
        int len = 1;
        while (len < 8 && size >= (1L << (7 * len)) - 1) {
            len++;
        }
        return len;
    }
}
