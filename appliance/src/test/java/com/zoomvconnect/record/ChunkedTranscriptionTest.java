package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.Wav;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Test
    void eachChunkIsCountedOnceAsItsWordsAreTakenForTheRecordingsProgress(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        // The engine here stands in for pocketsphinx (TranscriptionEngineTest runs the real one): one word per chunk,
        // named after its length, so the chunks' order shows in the words.
        TranscriptionEngine engine = new TranscriptionEngine() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public String unavailableReason() {
                return null;
            }

            @Override
            public List<Word> transcribe(Path wav) throws java.io.IOException {
                long ms = (Files.size(wav) - 44) / 32;
                return List.of(new Word("w" + ms, 0, ms));
            }
        };
        // three stretches of speech: 0.5 s, 1.5 s, 0.5 s
        Path wav = tmp.resolve("speech.wav");
        Files.write(wav, wav(tenths("..........#####....................###############....................#####..........")));
        List<Integer> progress = new ArrayList<>();
        try (var pool = ChunkedTranscription.pool(2)) {
            var chunks = new ChunkedTranscription(engine, pool, tmp, true).submit(wav);
            assertEquals(3, chunks.size());
            int[] done = {0};
            var words = ChunkedTranscription.words(chunks, () -> progress.add(++done[0]));
            assertEquals(List.of("w1100", "w2100", "w1100"), words.stream().map(TranscriptionEngine.Word::text).toList(),
                    "in order, each padded 300 ms on both sides");
        }
        assertEquals(List.of(1, 2, 3), progress);
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(wav), files.toList(), "no chunk file left behind");
        }
    }
}
