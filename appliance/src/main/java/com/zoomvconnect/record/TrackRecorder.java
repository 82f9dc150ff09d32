package com.zoomvconnect.record;

import com.zoomvconnect.media.rtp.Keyframes;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sfu.RecordingTap;
import com.zoomvconnect.record.depack.Depacketizer;
import com.zoomvconnect.record.depack.Frame;
import com.zoomvconnect.record.webm.TrackFormat;
import com.zoomvconnect.record.webm.WebmWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one published track into its own WebM (or Matroska, for H.264) file. The media thread
 * only copies packets into a bounded queue; this recorder's own thread puts them back in order,
 * picks the best simulcast layer (switching at keyframes), reassembles frames and writes them
 * with timestamps on the recording's clock ({@link FrameClock}: the sender's clock, not arrival
 * times), so that every track of a recording lines up.
 */
final class TrackRecorder implements RecordingTap.TrackSink {
    private static final Logger LOG = LoggerFactory.getLogger(TrackRecorder.class);
    private static final Object END = new Object();
    private static final long LAYER_STALE_NANOS = 1_500_000_000L;
    private static final long KEYFRAME_ASK_NANOS = 1_000_000_000L;
    /** The shortest audio packet expected: browsers send Opus in 20 ms packets, 10 ms at the least. */
    private static final long MIN_AUDIO_SPACING_MS = 10;

    private record Packet(byte[] data, int layer, long arrivalNanos) {
    }

    private record SenderReport(int layer, long ntp, long rtp) {
    }

    /** What the manifest says about a finished track. */
    record Result(String file, String participantId, String name, String kind, String source, String codec, long startMs,
                  long endMs, long frames, int width, int height, long dropped, String error) {
    }

    private final RecordingTap.RecordedTrack track;
    private final Path file;
    private final String name;
    private final String title;
    private final FrameClock clock;
    private final Instant recordingStartedAt;
    private final LongAdder droppedPackets;
    private final Runnable started;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(8192);
    private final Thread thread;
    private volatile boolean ended;

    private final long[] lastSeen;
    private final TreeMap<Long, Packet> reorder = new TreeMap<>();
    private Depacketizer depacketizer;
    private WebmWriter writer;
    private int layer = -1;
    private long expected = -1;
    private long lastKeyframeAsk;
    private long startMs = -1;
    private long lastMs = -1;
    private long frames;
    private int width;
    private int height;
    private String error;

    TrackRecorder(RecordingTap.RecordedTrack track, Path file, String name, String title, long recordingStartNanos,
                  SenderClock senderClock, Instant recordingStartedAt, LongAdder droppedPackets, Runnable started) {
        this.started = started;
        this.track = track;
        this.file = file;
        this.name = name;
        this.title = title;
        this.clock = new FrameClock(track.clockRate(), track.layers(), senderClock, recordingStartNanos);
        this.recordingStartedAt = recordingStartedAt;
        this.droppedPackets = droppedPackets;
        this.lastSeen = new long[Math.max(1, track.layers())];
        this.thread = Thread.ofVirtual().name("record-" + file.getFileName()).unstarted(this::run);
    }

    /** A frame's nominal length: 30 fps video, 20 ms Opus packets (the last frame's share of a duration). */
    static long frameMs(boolean video) {
        return video ? 33 : 20;
    }

    static boolean supports(String codec) {
        return Depacketizer.forCodec(codec) != null;
    }

    static String extension(String codec) {
        return "H264".equalsIgnoreCase(codec) ? ".mkv" : ".webm";
    }

    void start() {
        thread.start();
        if (isVideo()) {
            track.keyframeRequest().accept(track.layers() - 1);
        }
    }

    private boolean isVideo() {
        return "video".equals(track.kind());
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
        if (ended) {
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (!queue.offer(new Packet(copy, layer, nowNanos))) {
            droppedPackets.increment(); // the disk cannot keep up: counted, never blocking the media thread
        }
    }

    @Override
    public void onSenderReport(int layer, long ntpTimestamp, long rtpTimestamp) {
        if (!ended) {
            queue.offer(new SenderReport(layer, ntpTimestamp, rtpTimestamp)); // the next one will do if full
        }
    }

    @Override
    public void trackEnded() {
        ended = true;
        while (!queue.offer(END)) {
            queue.poll(); // make room: ending matters more than the oldest queued packet
            droppedPackets.increment();
        }
    }

    /** Waits for the track to be written out and closed. */
    Result await(long timeoutMillis) throws InterruptedException {
        if (!thread.join(java.time.Duration.ofMillis(timeoutMillis))) {
            LOG.warn("Recording of {} did not finish within {} ms", file.getFileName(), timeoutMillis);
        }
        return result();
    }

    synchronized Result result() {
        return new Result(file.getFileName().toString(), track.participantId(), name, track.kind(), track.source(),
                track.codec(), startMs, lastMs, frames, width, height, droppedPackets.sum(), error);
    }

    private void run() {
        try {
            while (true) {
                Object o = queue.poll(250, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                if (o == END) {
                    drain();
                    break;
                }
                if (o instanceof Packet p) {
                    accept(p, now);
                } else if (o instanceof SenderReport sr) {
                    clock.senderReport(sr.layer(), sr.ntp(), sr.rtp());
                }
                if (writer != null) {
                    writer.flushIfDue(now / 1_000_000);
                }
                if (isVideo() && now - lastKeyframeAsk > KEYFRAME_ASK_NANOS
                        && (depacketizer == null || depacketizer.waitingForKeyframe() || wantedLayer(now) != layer)) {
                    lastKeyframeAsk = now;
                    track.keyframeRequest().accept(Math.max(0, wantedLayer(now)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                error = e.getMessage();
            }
            LOG.warn("Recording {} stopped: {}", file.getFileName(), e.toString());
        } finally {
            try {
                if (writer != null) {
                    writer.finish(frameMs(isVideo()));
                }
            } catch (IOException e) {
                LOG.warn("Cannot finish {}: {}", file.getFileName(), e.toString());
            }
        }
    }

    /** The highest simulcast layer that is flowing. */
    private int wantedLayer(long now) {
        for (int l = lastSeen.length - 1; l >= 0; l--) {
            if (lastSeen[l] != 0 && now - lastSeen[l] < LAYER_STALE_NANOS) {
                return l;
            }
        }
        return layer;
    }

    private void accept(Packet p, long now) throws IOException {
        byte[] b = p.data();
        int hdr = RtpPacket.headerLength(b, 0, b.length);
        if (hdr < 0) {
            return;
        }
        int l = Math.min(p.layer(), lastSeen.length - 1);
        lastSeen[l] = p.arrivalNanos();
        if (l != layer) {
            int wanted = wantedLayer(now);
            boolean currentStale = layer < 0 || now - lastSeen[layer] > LAYER_STALE_NANOS;
            if (l != wanted || (!currentStale && wanted < layer)) {
                return;
            }
            int payload = RtpPacket.payloadLength(b, 0, b.length, hdr);
            if (isVideo() && (payload <= 0 || !Keyframes.isKeyframe(track.codec(), b, hdr, payload))) {
                return; // switch layers only where the new one can be decoded from
            }
            drain();
            layer = l;
            depacketizer = Depacketizer.forCodec(track.codec());
            expected = -1;
            clock.restart();
        }
        int seq = RtpPacket.sequence(b, 0);
        long ext = expected < 0 ? seq : unwrap(seq, expected);
        if (expected >= 0 && ext < expected) {
            return; // late or duplicate
        }
        reorder.put(ext, p);
        if (expected < 0) {
            expected = ext;
        }
        long holdNanos = isVideo() ? 300_000_000L : 120_000_000L;
        while (!reorder.isEmpty()) {
            var head = reorder.firstEntry();
            boolean gap = head.getKey() != expected;
            if (gap && reorder.size() < 200 && p.arrivalNanos() - head.getValue().arrivalNanos() < holdNanos) {
                break; // wait a little for the missing packet (a retransmission may bring it)
            }
            reorder.pollFirstEntry();
            expected = head.getKey() + 1;
            process(head.getValue(), gap);
        }
    }

    private void drain() throws IOException {
        boolean first = true;
        while (!reorder.isEmpty()) {
            var head = reorder.pollFirstEntry();
            process(head.getValue(), !first && head.getKey() != expected);
            expected = head.getKey() + 1;
            first = false;
        }
    }

    private static long unwrap(int seq, long reference) {
        long base = reference & ~0xFFFFL;
        long candidate = base | seq;
        if (candidate < reference - 0x8000) {
            candidate += 0x10000;
        } else if (candidate > reference + 0x8000) {
            candidate -= 0x10000;
        }
        return candidate;
    }

    private void process(Packet p, boolean gap) throws IOException {
        byte[] b = p.data();
        int hdr = RtpPacket.headerLength(b, 0, b.length);
        int payload = RtpPacket.payloadLength(b, 0, b.length, hdr);
        if (payload <= 0 || depacketizer == null) {
            return;
        }
        long ts = RtpPacket.timestamp(b, 0);
        Frame f = depacketizer.push(b, hdr, payload, ts, RtpPacket.marker(b, 0), gap);
        if (f == null) {
            return;
        }
        // A new anchor keeps a frame's spacing after the track's last frame.
        long notBefore = lastMs < 0 ? 0 : (lastMs + frameMs(isVideo())) * 1000;
        long ms = Math.max(0, clock.micros(p.layer(), f.rtpTimestamp(), p.arrivalNanos(), notBefore) / 1000);
        if (!isVideo() && lastMs >= 0 && ms < lastMs + MIN_AUDIO_SPACING_MS) {
            // Audio that would overlap the packet before it: its time went back (the first sender
            // report placed this track a little earlier than the arrival of its first packet did).
            // Skipped until the clock passes what is written, rather than squeezed 1 ms apart.
            return;
        }
        if (writer == null) {
            if (isVideo() && !f.keyframe()) {
                return;
            }
            int w = f.width() > 0 ? f.width() : 640;
            int h = f.height() > 0 ? f.height() : 360;
            TrackFormat format = isVideo()
                    ? TrackFormat.video(depacketizer.codecId(), depacketizer.codecPrivate(), w, h, name)
                    : TrackFormat.opus(name);
            writer = WebmWriter.create(file, format, recordingStartedAt.plusMillis(ms), title);
            synchronized (this) {
                startMs = ms;
                width = isVideo() ? w : 0;
                height = isVideo() ? h : 0;
            }
            started.run(); // the manifest learns where this track starts: recovery after a crash needs it
        }
        // Timestamps in the file count from this track's first frame; the manifest keeps the offset.
        writer.write(ms - startMs, f.keyframe(), f.data(), 0, f.data().length, System.nanoTime() / 1_000_000);
        synchronized (this) {
            frames++;
            lastMs = Math.max(lastMs, ms);
        }
    }
}
