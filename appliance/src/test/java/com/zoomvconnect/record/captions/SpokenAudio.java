package com.zoomvconnect.record.captions;

import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.Wav;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real speech for the tests: espeak-ng says a text, ffmpeg makes it 16 kHz mono samples. */
public final class SpokenAudio {
    private SpokenAudio() {
    }

    /** {@code text} in {@code voice} (an espeak-ng voice such as {@code en-us+klatt}) at 130 words a minute. */
    public static short[] say(Path dir, String voice, String text) throws Exception {
        Path raw = Files.createTempFile(dir, "espeak", ".wav");
        Path wav = Files.createTempFile(dir, "speech16k", ".wav");
        MediaTools.run(List.of(MediaTools.find("espeak-ng").orElseThrow(() -> new AssertionError(
                "espeak-ng is not installed (apt install espeak-ng); .ci/run installs it")).toString(),
                "-v", voice, "-s", "130", "-w", raw.toString(), text), 60);
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-i", raw.toString(), "-ar", "16000", "-ac", "1",
                "-c:a", "pcm_s16le", wav.toString()), 60);
        byte[] all = Files.readAllBytes(wav);
        int data = Wav.dataOffset(all);
        short[] out = new short[(all.length - data) / 2];
        ByteBuffer.wrap(all, data, out.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    /** The samples as a 16 kHz mono WAV file in {@code dir}. */
    public static Path wavFile(Path dir, short[] pcm) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(pcm);
        Path f = Files.createTempFile(dir, "utterance", ".wav");
        Files.write(f, Wav.file(b.array(), 0, pcm.length * 2));
        return f;
    }

    /** The pieces one after the other. */
    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Padded with silence to whole 20 ms frames. */
    public static short[] whole(short[] pcm) {
        int frames = (pcm.length + SpeechSegmenter.FRAME - 1) / SpeechSegmenter.FRAME;
        return java.util.Arrays.copyOf(pcm, frames * SpeechSegmenter.FRAME);
    }

    /** Digital silence of {@code ms} milliseconds at 16 kHz. */
    public static short[] silence(int ms) {
        return new short[ms * 16];
    }

    /** The voiced time of clean audio: 20 ms frames above the segmenter's threshold, in ms. */
    public static long voicedMs(short[] pcm) {
        long frames = 0;
        for (int i = 0; i + SpeechSegmenter.FRAME <= pcm.length; i += SpeechSegmenter.FRAME) {
            if (SpeechSegmenter.levelDbfs(pcm, i, SpeechSegmenter.FRAME) > SpeechSegmenter.THRESHOLD_DBFS) {
                frames++;
            }
        }
        return frames * 20;
    }
}
