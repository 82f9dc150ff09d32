package com.zoomvconnect.record.webm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Completes a file {@link WebmWriter} left open (a crash, a power loss, a kill): keeps every whole
 * Cluster, cuts a half-written one off, and writes what {@link WebmWriter#finish} would have —
 * Cues, SeekHead, Duration and the Segment size. Files that are already complete are left alone.
 */
public final class WebmRepair {
    private WebmRepair() {
    }

    /** What a repair found and did. */
    public record Result(boolean repaired, long durationMs, long clusters, long truncatedBytes) {
    }

    /**
     * Repairs {@code file} in place.
     *
     * @param frameDurationMs added to the last frame's timestamp for the duration (20 for Opus)
     */
    public static Result repair(Path file, long frameDurationMs) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = ch.size();
            Reader r = new Reader(ch, length);
            long pos = 0;
            long headerId = r.id(pos);
            if (headerId != Ebml.EBML) {
                throw new IOException(file + " is not an EBML file");
            }
            pos = r.next(pos);
            if (r.id(pos) != Ebml.SEGMENT) {
                throw new IOException(file + " has no Segment");
            }
            long segmentDataStart = r.dataStart(pos);
            long infoPos = -1;
            long durationPos = -1;
            long tracksPos = -1;
            boolean hasCues = false;
            List<long[]> cues = new ArrayList<>();
            long lastTimestamp = -1;
            long clusters = 0;
            long end = segmentDataStart;
            long p = segmentDataStart;
            while (p < length) {
                long id = r.id(p);
                long dataStart = r.dataStart(p);
                long size = r.size(p);
                if (id < 0 || dataStart < 0 || size < 0 || dataStart + size > length) {
                    break; // a half-written element: everything from here goes
                }
                long elementEnd = dataStart + size;
                if (id == Ebml.INFO) {
                    infoPos = p;
                    for (long c = dataStart; c < elementEnd; c = r.next(c)) {
                        long cid = r.id(c);
                        if (cid == Ebml.VOID && r.next(c) - c == WebmWriter.DURATION_RESERVE) {
                            durationPos = c;
                        } else if (cid == Ebml.DURATION) {
                            hasCues = true; // a Duration is only written when the file is finished
                        }
                    }
                } else if (id == Ebml.TRACKS) {
                    tracksPos = p;
                } else if (id == Ebml.CUES) {
                    hasCues = true;
                } else if (id == Ebml.CLUSTER) {
                    long clusterTs = -1;
                    boolean firstBlock = true;
                    for (long c = dataStart; c < elementEnd; c = r.next(c)) {
                        long cid = r.id(c);
                        if (cid == Ebml.TIMESTAMP) {
                            clusterTs = r.uint(c);
                        } else if (cid == Ebml.SIMPLE_BLOCK && clusterTs >= 0) {
                            long b = r.dataStart(c);
                            int rel = (short) ((r.byteAt(b + 1) << 8) | r.byteAt(b + 2));
                            boolean key = (r.byteAt(b + 3) & 0x80) != 0;
                            if (firstBlock && key) {
                                cues.add(new long[] {clusterTs + rel, p - segmentDataStart});
                            }
                            firstBlock = false;
                            lastTimestamp = Math.max(lastTimestamp, clusterTs + rel);
                        }
                    }
                    clusters++;
                }
                end = elementEnd;
                p = elementEnd;
            }
            if (hasCues) {
                return new Result(false, lastTimestamp < 0 ? 0 : lastTimestamp + frameDurationMs, clusters, 0);
            }
            if (infoPos < 0 || tracksPos < 0 || durationPos < 0) {
                throw new IOException(file + " lacks the Info or Tracks a recording starts with");
            }
            long truncated = length - end;
            ch.truncate(end);
            long duration = lastTimestamp < 0 ? 0 : lastTimestamp + frameDurationMs;
            finalizeFile(ch, end, segmentDataStart, infoPos, durationPos, tracksPos, cues, duration);
            return new Result(true, duration, clusters, truncated);
        }
    }

    /** Appends Cues at {@code end}, fills the reserved SeekHead and Duration, and sets the Segment size. */
    static void finalizeFile(FileChannel ch, long end, long segmentDataStart, long infoPos, long durationPos, long tracksPos,
                             List<long[]> cues, long durationMs) throws IOException {
        long cuesPos = end;
        if (!cues.isEmpty()) {
            Ebml.Buf points = new Ebml.Buf();
            for (long[] c : cues) {
                Ebml.Buf positions = new Ebml.Buf();
                positions.uint(Ebml.CUE_TRACK, 1);
                positions.uint(Ebml.CUE_CLUSTER_POSITION, c[1]);
                Ebml.Buf point = new Ebml.Buf();
                point.uint(Ebml.CUE_TIME, c[0]);
                point.master(Ebml.CUE_TRACK_POSITIONS, positions);
                points.master(Ebml.CUE_POINT, point);
            }
            Ebml.Buf out = new Ebml.Buf();
            out.master(Ebml.CUES, points);
            WebmWriter.writeFully(ch, ByteBuffer.wrap(out.array(), 0, out.size()), end);
            end += out.size();
        }
        Ebml.Buf seekEntries = new Ebml.Buf();
        seek(seekEntries, Ebml.INFO, infoPos - segmentDataStart);
        seek(seekEntries, Ebml.TRACKS, tracksPos - segmentDataStart);
        if (!cues.isEmpty()) {
            seek(seekEntries, Ebml.CUES, cuesPos - segmentDataStart);
        }
        Ebml.Buf seekHead = new Ebml.Buf();
        seekHead.master(Ebml.SEEK_HEAD, seekEntries);
        int rest = WebmWriter.SEEK_HEAD_RESERVE - seekHead.size();
        if (rest >= 9) {
            seekHead.voidElement(rest);
        } else if (rest != 0) {
            throw new IllegalStateException("SeekHead does not fit its reserve");
        }
        WebmWriter.writeFully(ch, ByteBuffer.wrap(seekHead.array(), 0, seekHead.size()), segmentDataStart);
        Ebml.Buf duration = new Ebml.Buf();
        duration.floatElement(Ebml.DURATION, durationMs);
        WebmWriter.writeFully(ch, ByteBuffer.wrap(duration.array(), 0, duration.size()), durationPos);
        Ebml.Buf size = new Ebml.Buf();
        size.size(end - segmentDataStart, true);
        WebmWriter.writeFully(ch, ByteBuffer.wrap(size.array(), 0, size.size()), segmentDataStart - 8);
        ch.force(true);
    }

    private static void seek(Ebml.Buf out, int id, long position) {
        Ebml.Buf idBytes = new Ebml.Buf();
        idBytes.id(id);
        Ebml.Buf s = new Ebml.Buf();
        s.bytes(Ebml.SEEK_ID, idBytes.toByteArray());
        s.uint(Ebml.SEEK_POSITION, position);
        out.master(Ebml.SEEK, s);
    }

    /** Reads EBML element headers from a file; -1 where the file ends or the bytes are not EBML. */
    private static final class Reader {
        private final FileChannel ch;
        private final long length;
        private final ByteBuffer one = ByteBuffer.allocate(8);

        Reader(FileChannel ch, long length) {
            this.ch = ch;
            this.length = length;
        }

        int byteAt(long p) throws IOException {
            if (p >= length) {
                return -1;
            }
            one.clear().limit(1);
            if (ch.read(one, p) != 1) {
                return -1;
            }
            return one.get(0) & 0xFF;
        }

        private int idLength(long p) throws IOException {
            int b = byteAt(p);
            if (b <= 0) {
                return -1;
            }
            int len = Integer.numberOfLeadingZeros(b) - 23;
            return len > 4 ? -1 : len;
        }

        long id(long p) throws IOException {
            int len = idLength(p);
            if (len < 0) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < len; i++) {
                int b = byteAt(p + i);
                if (b < 0) {
                    return -1;
                }
                v = (v << 8) | b;
            }
            return v;
        }

        private int sizeLength(long p) throws IOException {
            int b = byteAt(p);
            if (b <= 0) {
                return -1;
            }
            return Integer.numberOfLeadingZeros(b) - 23;
        }

        /** The element's data size; {@link Ebml#UNKNOWN_SIZE} stays as is. */
        long size(long p) throws IOException {
            int idLen = idLength(p);
            if (idLen < 0) {
                return -1;
            }
            long sp = p + idLen;
            int len = sizeLength(sp);
            if (len < 0 || len > 8) {
                return -1;
            }
            long v = byteAt(sp) & (0xFF >>> len);
            for (int i = 1; i < len; i++) {
                int b = byteAt(sp + i);
                if (b < 0) {
                    return -1;
                }
                v = (v << 8) | b;
            }
            return v;
        }

        long dataStart(long p) throws IOException {
            int idLen = idLength(p);
            if (idLen < 0) {
                return -1;
            }
            int len = sizeLength(p + idLen);
            return len < 0 || len > 8 ? -1 : p + idLen + len;
        }

        long next(long p) throws IOException {
            long d = dataStart(p);
            long s = size(p);
            return d < 0 || s < 0 ? length : d + s;
        }

        long uint(long p) throws IOException {
            long d = dataStart(p);
            long s = size(p);
            long v = 0;
            for (int i = 0; i < s; i++) {
                v = (v << 8) | byteAt(d + i);
            }
            return v;
        }
    }
}
