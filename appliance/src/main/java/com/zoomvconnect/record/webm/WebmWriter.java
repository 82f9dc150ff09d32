package com.zoomvconnect.record.webm;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one track into a WebM/Matroska file as it arrives, so that a crash loses at most the
 * last second or so: the Segment is opened with an unknown size, each Cluster (about one second
 * of media) is written whole in one write, and the file is forced to disk every few seconds.
 * Room for the SeekHead and the Duration is reserved up front (Void elements); {@link #finish()}
 * — or {@link WebmRepair} after a crash — fills them in, appends Cues and fixes the Segment size,
 * so finished files seek like any other.
 */
public final class WebmWriter implements Closeable {
    static final int SEEK_HEAD_RESERVE = 64;
    static final int DURATION_RESERVE = 11;
    /** A cluster closes after this much media (well inside the 16-bit block timestamp range). */
    private static final long CLUSTER_MS = 1000;
    private static final long CLUSTER_BYTES = 2 << 20;
    private static final long FORCE_INTERVAL_MS = 2000;

    private final FileChannel channel;
    private final boolean video;
    private final long segmentDataStart;
    private final long infoPos;
    private final long durationPos;
    private final long tracksPos;
    private final List<long[]> cues = new ArrayList<>();
    private final Ebml.Buf cluster = new Ebml.Buf(64 * 1024);
    private long clusterTimestamp = -1;
    private boolean clusterStartsWithKey;
    private long lastTimestamp = -1;
    private long lastForceAtMs;
    private long position;
    private boolean finished;
    private long frames;

    private WebmWriter(FileChannel channel, boolean video, long segmentDataStart, long infoPos, long durationPos,
                       long tracksPos, long position) {
        this.channel = channel;
        this.video = video;
        this.segmentDataStart = segmentDataStart;
        this.infoPos = infoPos;
        this.durationPos = durationPos;
        this.tracksPos = tracksPos;
        this.position = position;
    }

    /** Creates (or truncates) {@code file} and writes its headers. */
    public static WebmWriter create(Path file, TrackFormat format, Instant startedAt, String title) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            Ebml.Buf out = new Ebml.Buf(1024);
            Ebml.Buf header = new Ebml.Buf();
            header.uint(Ebml.EBML_VERSION, 1);
            header.uint(Ebml.EBML_READ_VERSION, 1);
            header.uint(Ebml.EBML_MAX_ID_LENGTH, 4);
            header.uint(Ebml.EBML_MAX_SIZE_LENGTH, 8);
            header.string(Ebml.DOC_TYPE, format.webmCompatible() ? "webm" : "matroska");
            header.uint(Ebml.DOC_TYPE_VERSION, 4);
            header.uint(Ebml.DOC_TYPE_READ_VERSION, 2);
            out.master(Ebml.EBML, header);
            out.id(Ebml.SEGMENT);
            out.size(Ebml.UNKNOWN_SIZE, true);
            long segmentDataStart = out.size();
            out.voidElement(SEEK_HEAD_RESERVE);

            long infoPos = out.size();
            Ebml.Buf info = new Ebml.Buf();
            info.uint(Ebml.TIMESTAMP_SCALE, 1_000_000); // block timestamps in milliseconds
            info.string(Ebml.MUXING_APP, "ZoomVconnect");
            info.string(Ebml.WRITING_APP, "ZoomVconnect recorder");
            // DateUTC: nanoseconds since 2001-01-01T00:00:00Z (Matroska's epoch).
            info.sint(Ebml.DATE_UTC, Duration.between(Instant.parse("2001-01-01T00:00:00Z"), startedAt).toNanos());
            if (title != null && !title.isBlank()) {
                info.string(Ebml.TITLE, title);
            }
            long durationOffsetInInfo = info.size();
            info.voidElement(DURATION_RESERVE);
            out.master(Ebml.INFO, info);
            long durationPos = infoPos + out.size() - infoPos - info.size() + durationOffsetInInfo;

            long tracksPos = out.size();
            Ebml.Buf entry = new Ebml.Buf();
            entry.uint(Ebml.TRACK_NUMBER, 1);
            entry.uint(Ebml.TRACK_UID, 1);
            entry.uint(Ebml.TRACK_TYPE, format.video() ? 1 : 2);
            entry.uint(Ebml.FLAG_LACING, 0);
            entry.string(Ebml.CODEC_ID, format.codecId());
            if (format.name() != null) {
                entry.string(Ebml.NAME, format.name());
            }
            if (format.codecPrivate() != null) {
                entry.bytes(Ebml.CODEC_PRIVATE, format.codecPrivate());
            }
            if (format.video()) {
                Ebml.Buf v = new Ebml.Buf();
                v.uint(Ebml.PIXEL_WIDTH, format.width());
                v.uint(Ebml.PIXEL_HEIGHT, format.height());
                entry.master(Ebml.VIDEO, v);
            } else {
                if ("A_OPUS".equals(format.codecId())) {
                    entry.uint(Ebml.CODEC_DELAY, 6_500_000); // 312 samples of pre-skip, RFC 7845 §4.2
                    entry.uint(Ebml.SEEK_PRE_ROLL, 80_000_000);
                }
                Ebml.Buf a = new Ebml.Buf();
                a.floatElement(Ebml.SAMPLING_FREQUENCY, format.sampleRate());
                a.uint(Ebml.CHANNELS, format.channels());
                entry.master(Ebml.AUDIO, a);
            }
            Ebml.Buf tracks = new Ebml.Buf();
            tracks.master(Ebml.TRACK_ENTRY, entry);
            out.master(Ebml.TRACKS, tracks);
            writeFully(ch, ByteBuffer.wrap(out.array(), 0, out.size()), 0);
            ch.force(true);
            return new WebmWriter(ch, format.video(), segmentDataStart, infoPos, durationPos, tracksPos, out.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Adds one frame at {@code timestampMs} (from the start of the recording; not decreasing).
     * {@code nowMs} is wall-clock time, used to force data to disk every few seconds.
     */
    public void write(long timestampMs, boolean keyframe, byte[] data, int off, int len, long nowMs) throws IOException {
        if (finished) {
            throw new IllegalStateException("finished");
        }
        // Strictly increasing: players (and ffmpeg's muxers) refuse two frames of one track at the same time.
        long ts = lastTimestamp < 0 ? Math.max(0, timestampMs) : Math.max(timestampMs, lastTimestamp + 1);
        boolean newCluster = clusterTimestamp < 0 || ts - clusterTimestamp >= CLUSTER_MS || cluster.size() >= CLUSTER_BYTES
                || (video && keyframe && ts > clusterTimestamp);
        if (newCluster) {
            closeCluster(nowMs);
            clusterTimestamp = ts;
            clusterStartsWithKey = !video || keyframe;
            cluster.reset();
            cluster.uint(Ebml.TIMESTAMP, ts);
        }
        // SimpleBlock: track number (vint), 16-bit relative timestamp, flags (keyframe 0x80).
        cluster.id(Ebml.SIMPLE_BLOCK);
        cluster.size(4L + len, false);
        cluster.write(0x81);
        int rel = (int) (ts - clusterTimestamp);
        cluster.write(rel >>> 8);
        cluster.write(rel);
        cluster.write(keyframe || !video ? 0x80 : 0x00);
        cluster.write(data, off, len);
        lastTimestamp = ts;
        frames++;
    }

    /** Writes the open cluster out if it holds data older than a second of wall-clock time. */
    public void flushIfDue(long nowMs) throws IOException {
        if (clusterTimestamp >= 0 && nowMs - lastForceAtMs >= FORCE_INTERVAL_MS) {
            closeCluster(nowMs);
            clusterTimestamp = -1;
        }
    }

    private void closeCluster(long nowMs) throws IOException {
        if (clusterTimestamp < 0 || cluster.size() == 0) {
            return;
        }
        Ebml.Buf head = new Ebml.Buf(16);
        head.id(Ebml.CLUSTER);
        head.size(cluster.size(), false);
        if (clusterStartsWithKey) {
            cues.add(new long[] {clusterTimestamp, position - segmentDataStart});
        }
        ByteBuffer[] parts = {ByteBuffer.wrap(head.array(), 0, head.size()), ByteBuffer.wrap(cluster.array(), 0, cluster.size())};
        long total = head.size() + cluster.size();
        channel.position(position);
        long written = 0;
        while (written < total) {
            written += channel.write(parts);
        }
        position += total;
        cluster.reset();
        clusterTimestamp = -1;
        if (nowMs - lastForceAtMs >= FORCE_INTERVAL_MS) {
            channel.force(false);
            lastForceAtMs = nowMs;
        }
    }

    public long frames() {
        return frames;
    }

    /** The timestamp of the last frame written, or -1. */
    public long lastTimestampMs() {
        return lastTimestamp;
    }

    /** Closes the last cluster and makes the file complete: Cues, SeekHead, Duration, Segment size. */
    public void finish(long frameDurationMs) throws IOException {
        if (finished) {
            return;
        }
        closeCluster(Long.MAX_VALUE);
        finished = true;
        long duration = lastTimestamp < 0 ? 0 : lastTimestamp + frameDurationMs;
        WebmRepair.finalizeFile(channel, position, segmentDataStart, infoPos, durationPos, tracksPos, cues, duration);
        channel.close();
    }

    /** Closes without finishing (the file stays as a crash would leave it; {@link WebmRepair} completes it). */
    @Override
    public void close() throws IOException {
        if (!finished) {
            closeCluster(Long.MAX_VALUE);
            finished = true;
            channel.close();
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
