package com.zoomvconnect.record.captions;

import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sfu.RecordingTap;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * One microphone, heard for captions: the SFU's packets (RFC 7587 Opus) are copied on the media
 * thread into a bounded queue, and a virtual thread of its own decodes them (Concentus, at 48 kHz)
 * to 16 kHz mono, places them on the stream's timeline by their RTP timestamps (a gap — lost packets
 * or a sender's discontinuous transmission — becomes silence) and cuts utterances with a
 * {@link SpeechSegmenter}; each goes to the {@link Listener}, which recognises it elsewhere.
 */
public final class SpeakerCaptioner implements RecordingTap.TrackSink {
    /** Where utterances go; called on the captioner's thread. */
    public interface Listener {
        /** @param startEpochMs wall-clock time of the utterance's first sample */
        void utterance(SpeakerCaptioner from, SpeechSegmenter.Utterance u, long startEpochMs);

        /** The stream ended; {@code talkMs} is all the voiced time heard from it. */
        void ended(SpeakerCaptioner from, long talkMs);
    }

    /** 48 kHz RTP clock (RFC 7587 §4.1) to 16 kHz samples. */
    private static final int TS_PER_SAMPLE = 3;
    /** Longest Opus packet: 120 ms at 48 kHz. */
    private static final int MAX_FRAME = 5760;
    private static final Object END = new Object();

    private record Packet(byte[] data, long epochMs) {
    }

    public final String participantId;
    public final String trackId;
    private final Listener listener;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(500);
    private final LongAdder dropped;
    private final SpeechSegmenter segmenter = new SpeechSegmenter();
    private volatile boolean ended;
    private long baseEpochMs = -1;
    private long baseTs;
    /** Samples of the stream placed on the timeline so far. */
    private long placed;

    /** @param dropped counts packets the decoder could not keep up with */
    public SpeakerCaptioner(String participantId, String trackId, Listener listener, LongAdder dropped) {
        this.participantId = participantId;
        this.trackId = trackId;
        this.listener = listener;
        this.dropped = dropped;
        Thread.ofVirtual().name("captions-" + participantId).start(this::run);
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
        if (ended) {
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (!queue.offer(new Packet(copy, System.currentTimeMillis()))) {
            dropped.increment();
        }
    }

    @Override
    public void trackEnded() {
        ended = true;
        while (!queue.offer(END)) {
            queue.poll();
            dropped.increment();
        }
    }

    private void run() {
        OpusDecoder decoder;
        try {
            // Decoded at Opus's native 48 kHz: decoding a browser's fullband (CELT or hybrid) packets at
            // 16 kHz gave silence here; the 3:1 decimation below is ours.
            decoder = new OpusDecoder(48_000, 1);
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
        short[] pcm = new short[MAX_FRAME];
        short[] pcm16 = new short[MAX_FRAME / TS_PER_SAMPLE];
        try {
            while (true) {
                Object o = queue.take();
                if (o == END) {
                    break;
                }
                Packet p = (Packet) o;
                decode(decoder, p, pcm, pcm16);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SpeechSegmenter.Utterance last = segmenter.flush();
        if (last != null) {
            listener.utterance(this, last, baseEpochMs + last.startMs());
        }
        listener.ended(this, segmenter.talkMs());
    }

    private void decode(OpusDecoder decoder, Packet p, short[] pcm, short[] pcm16) {
        byte[] b = p.data();
        int h = RtpPacket.headerLength(b, 0, b.length);
        int n = h < 0 ? -1 : RtpPacket.payloadLength(b, 0, b.length, h);
        if (n <= 0) {
            return;
        }
        long ts = RtpPacket.timestamp(b, 0);
        if (baseEpochMs < 0) {
            baseEpochMs = p.epochMs();
            baseTs = ts;
        }
        // Position on the timeline from the RTP timestamp, modulo 2^32 (RFC 3550 §5.1).
        long at = ((int) (ts - baseTs) & 0xFFFFFFFFL) / TS_PER_SAMPLE;
        if (at < placed) {
            return; // late or duplicated: its place has been filled
        }
        if (at > placed) {
            long gap = at - placed;
            if (gap > SpeechSegmenter.RATE * 600L) {
                return; // a timestamp from before the first packet (reordered), seen modulo 2^32
            }
            for (var u : segmenter.silence((int) gap)) {
                emit(u);
            }
            placed = at;
        }
        int samples;
        try {
            samples = decimate(pcm, decoder.decode(b, h, n, pcm, 0, MAX_FRAME, false), pcm16);
        } catch (OpusException | RuntimeException e) {
            dropped.increment();
            return;
        }
        placed += samples;
        for (var u : segmenter.accept(pcm16, 0, samples)) {
            emit(u);
        }
    }

    /** 48 kHz to 16 kHz: each output sample the mean of three (a box low-pass, enough for speech recognition). */
    static int decimate(short[] in, int n, short[] out) {
        int m = n / TS_PER_SAMPLE;
        for (int i = 0, j = 0; i < m; i++, j += TS_PER_SAMPLE) {
            out[i] = (short) ((in[j] + in[j + 1] + in[j + 2]) / 3);
        }
        return m;
    }

    private void emit(SpeechSegmenter.Utterance u) {
        if (u != null) {
            listener.utterance(this, u, baseEpochMs + u.startMs());
        }
    }
}
