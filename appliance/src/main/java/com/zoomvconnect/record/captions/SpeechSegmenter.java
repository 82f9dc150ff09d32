package com.zoomvconnect.record.captions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An energy voice-activity detector that cuts one speaker's 16 kHz mono audio into utterances:
 * a 20 ms frame is voiced when its RMS level is above {@link #THRESHOLD_DBFS}; an utterance starts
 * at a voiced frame (with {@link #PREROLL_FRAMES} before it, so a soft onset is not clipped) and
 * ends after {@link #HANGOVER_FRAMES} unvoiced frames in a row, or at {@link #MAX_FRAMES} (a long
 * monologue is captioned in pieces rather than late). Its talk time is its voiced frames, so the
 * pauses inside it do not count.
 *
 * <p>Why energy alone: the browsers already run noise suppression and send near-digital silence
 * between words; a fixed level then separates speech from pauses well and costs nothing per frame.
 * Not thread-safe: one per speaker, fed from one thread.
 */
public final class SpeechSegmenter {
    public static final int RATE = 16_000;
    /** 20 ms, the Opus frame a browser sends. */
    public static final int FRAME = 320;
    public static final double THRESHOLD_DBFS = -50;
    /**
     * Inside an utterance a frame still counts as talk down to this level (hysteresis): the
     * sender's noise suppression and the codec push the quiet ends of words a few dB under the
     * starting threshold, which a single threshold would count as silence. Utterances still start
     * and end by {@link #THRESHOLD_DBFS}.
     */
    public static final double TALK_DBFS = -56;
    public static final int PREROLL_FRAMES = 10;
    /** 400 ms of quiet ends an utterance: longer than the pauses between words, shorter than most between sentences. */
    public static final int HANGOVER_FRAMES = 20;
    /** 8 s: longer speech is cut, so its caption does not wait for the speaker to pause. */
    public static final int MAX_FRAMES = 400;
    /** Fewer voiced frames than this (120 ms) is a click or a breath, not worth recognising. */
    public static final int MIN_VOICED_FRAMES = 6;

    /**
     * Speech between two sample positions of the speaker's stream (16 kHz), with its samples.
     *
     * @param voicedFrames the 20 ms frames above the threshold
     * @param talkFrames   those and the frames between them above {@link #TALK_DBFS}: the talk time is {@code talkFrames * 20} ms
     */
    public record Utterance(long startSample, long endSample, short[] pcm, int voicedFrames, int talkFrames) {
        public long startMs() {
            return startSample * 1000 / RATE;
        }

        public long endMs() {
            return endSample * 1000 / RATE;
        }

        public long talkMs() {
            return talkFrames * 20L;
        }
    }

    private final short[] frame = new short[FRAME];
    private int inFrame;
    /** Position (in samples) of the next whole frame's first sample. */
    private long position;
    /** The last {@link #PREROLL_FRAMES} quiet frames, oldest first, while no utterance is open. */
    private final ArrayList<short[]> preroll = new ArrayList<>();
    private short[] pcm = new short[FRAME * 64];
    private int pcmLen;
    private long uttStart = -1;
    private int voiced;
    private int talked;
    private int quietRun;
    private int frames;
    /** Total talk time (talk frames) seen, including in utterances too short to recognise. */
    private long voicedTotal;

    /** Feeds samples; returns the utterances they complete (usually none). */
    public List<Utterance> accept(short[] samples, int off, int len) {
        List<Utterance> out = null;
        for (int i = 0; i < len; ) {
            int n = Math.min(FRAME - inFrame, len - i);
            System.arraycopy(samples, off + i, frame, inFrame, n);
            inFrame += n;
            i += n;
            if (inFrame == FRAME) {
                inFrame = 0;
                Utterance u = frame(frame);
                if (u != null) {
                    if (out == null) {
                        out = new ArrayList<>(1);
                    }
                    out.add(u);
                }
            }
        }
        return out == null ? List.of() : out;
    }

    /** Feeds {@code samples} of silence (a gap in the stream: lost packets or a muted sender). */
    public List<Utterance> silence(int samples) {
        List<Utterance> out = new ArrayList<>();
        short[] zeros = new short[FRAME];
        int left = samples;
        while (left > 0) {
            int n = Math.min(FRAME, left);
            out.addAll(accept(zeros, 0, n));
            left -= n;
            if (uttStart < 0 && inFrame == 0 && left > FRAME * PREROLL_FRAMES) {
                // Nothing open and more quiet than the preroll holds: skip ahead without copying.
                int skip = (left / FRAME - PREROLL_FRAMES) * FRAME;
                position += skip;
                left -= skip;
            }
        }
        return out;
    }

    /** The utterance still open (the stream ended), or null. */
    public Utterance flush() {
        return uttStart < 0 ? null : close();
    }

    /** The talk time seen so far, in milliseconds. */
    public long talkMs() {
        return voicedTotal * 20;
    }

    /** A frame's RMS level in dBFS (-inf for digital silence). */
    public static double levelDbfs(short[] s, int off, int len) {
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += (double) s[i] * s[i];
        }
        return 10 * Math.log10(sum / len / (32768.0 * 32768.0));
    }

    private Utterance frame(short[] f) {
        long at = position;
        position += FRAME;
        double level = levelDbfs(f, 0, FRAME);
        boolean speech = level > THRESHOLD_DBFS;
        boolean talk = speech || (uttStart >= 0 && level > TALK_DBFS);
        if (talk) {
            voicedTotal++;
        }
        if (uttStart < 0) {
            if (!speech) {
                preroll.add(f.clone());
                if (preroll.size() > PREROLL_FRAMES) {
                    preroll.remove(0);
                }
                return null;
            }
            uttStart = at - (long) preroll.size() * FRAME;
            for (short[] p : preroll) {
                append(p);
            }
            frames = preroll.size(); // MAX_FRAMES bounds the whole utterance, preroll included
            preroll.clear();
            voiced = 0;
            talked = 0;
            quietRun = 0;
        }
        append(f);
        frames++;
        if (talk) {
            talked++;
        }
        if (speech) {
            voiced++;
            quietRun = 0;
        } else {
            quietRun++;
        }
        if (quietRun >= HANGOVER_FRAMES || frames >= MAX_FRAMES) {
            return close();
        }
        return null;
    }

    private void append(short[] f) {
        if (pcmLen + FRAME > pcm.length) {
            pcm = Arrays.copyOf(pcm, pcm.length * 2);
        }
        System.arraycopy(f, 0, pcm, pcmLen, FRAME);
        pcmLen += FRAME;
    }

    /** Ends the open utterance; null when it had too little speech to recognise. */
    private Utterance close() {
        // The trailing quiet (all but 100 ms of the hangover) is not part of it.
        int trail = Math.max(0, quietRun - 5) * FRAME;
        int len = pcmLen - trail;
        Utterance u = new Utterance(uttStart, uttStart + len, Arrays.copyOf(pcm, len), voiced, talked);
        uttStart = -1;
        pcmLen = 0;
        quietRun = 0;
        return u.voicedFrames() >= MIN_VOICED_FRAMES ? u : null;
    }
}
