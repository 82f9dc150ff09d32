package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.record.transcribe.Wav;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedTranscriptionTest {
    /** 16 kHz PCM: a 440 Hz tone at -20 dBFS where {@code loud} says, silence elsewhere (one entry per 100 ms). */
    private static byte[] wav(boolean... loud) {
        short[] pcm = new short[loud.length * 1600];
        for (int i = 0; i < pcm.length; i++) {
            if (loud[i / 1600]) {
                pcm[i] = (short) (3277 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            }
        }
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(pcm);
        return Wav.file(b.array(), 0, pcm.length * 2);
    }

    private static boolean[] tenths(String pattern) {
        boolean[] out = new boolean[pattern.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pattern.charAt(i) == '#';
        }
        return out;
    }

    @Test
    void onlySpeechIsRecognisedPaddedAndJoinedAcrossShortPauses() throws Exception {
        // 2 s quiet, 0.5 s speech, 0.5 s pause, 0.5 s speech, 3 s quiet, 0.5 s speech, 1 s quiet
        byte[] f = wav(tenths("....................#####.....#####..............................#####.........."));
        int data = Wav.dataOffset(f);
        List<int[]> spans = ChunkedTranscription.speech(f, data, (f.length - data) / 2);
        assertEquals(2, spans.size(), "the short pause joins; the long one separates");
        int pad = ChunkedTranscription.PAD_MS * 16;
        assertArrayEquals(new int[] {2 * 16000 - pad, 3 * 16000 + 5 * 1600 + pad}, spans.get(0));
        assertArrayEquals(new int[] {65 * 1600 - pad, 70 * 1600 + pad}, spans.get(1));
    }

    @Test
    void silenceHasNothingToRecognise() throws Exception {
        byte[] f = wav(new boolean[50]);
        int data = Wav.dataOffset(f);
        assertEquals(0, ChunkedTranscription.speech(f, data, (f.length - data) / 2).size());
    }
}
