package com.zoomvconnect.record.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The voice-activity detector on real speech (espeak-ng): one utterance per sentence said with pauses between. */
class SpeechSegmenterTest {
    static final String[] SENTENCES = {"the budget for the new office is ready",
        "i will send the report to the team by friday", "thank you and see you all next week"};

    @TempDir
    Path dir;

    @Test
    void cutsOneUtterancePerSentenceAtThePausesWithTheirTimesAndTalkTime() throws Exception {
        List<short[]> parts = new ArrayList<>();
        List<long[]> placed = new ArrayList<>(); // start and end of each sentence, in samples
        long voiced = 0;
        int at = 0;
        parts.add(SpokenAudio.silence(700));
        at += 700 * 16;
        for (String s : SENTENCES) {
            short[] said = SpokenAudio.whole(SpokenAudio.say(dir, "en-us+klatt", s)); // frames aligned as in the stream
            parts.add(said);
            placed.add(new long[] {at, at + said.length});
            voiced += SpokenAudio.voicedMs(said);
            at += said.length;
            parts.add(SpokenAudio.silence(1200));
            at += 1200 * 16;
        }
        short[] all = SpokenAudio.concat(parts.toArray(short[][]::new));

        var seg = new SpeechSegmenter();
        List<SpeechSegmenter.Utterance> got = new ArrayList<>();
        // In the odd packet sizes a network gives: 320, 960 and 7 samples.
        int[] sizes = {320, 960, 7};
        for (int p = 0, i = 0; p < all.length; i++) {
            int n = Math.min(sizes[i % sizes.length], all.length - p);
            got.addAll(seg.accept(all, p, n));
            p += n;
        }
        assertEquals(null, seg.flush(), "the trailing pause closed the last one");
        assertEquals(SENTENCES.length, got.size(), "one per sentence: " + got);
        for (int i = 0; i < SENTENCES.length; i++) {
            var u = got.get(i);
            long[] s = placed.get(i);
            // espeak-ng's own file starts and ends with a little quiet: the utterance lies within the sentence's
            // file, give or take the preroll (200 ms) and the 100 ms of hangover kept.
            assertTrue(u.startSample() >= s[0] - 200 * 16 && u.startSample() <= s[0] + 300 * 16, i + ": " + u + " vs " + s[0]);
            assertTrue(u.endSample() <= s[1] + 150 * 16 && u.endSample() >= s[1] - 400 * 16, i + ": " + u + " vs " + s[1]);
            assertEquals(u.endSample() - u.startSample(), u.pcm().length, "the samples are the utterance's");
        }
        long talk = got.stream().mapToLong(SpeechSegmenter.Utterance::talkMs).sum();
        // Talk time is the voiced frames and, inside an utterance, the frames still above TALK_DBFS (the
        // quiet ends of words); pauses are not counted. On clean speech that adds little.
        assertTrue(talk >= voiced && talk <= voiced * 102 / 100, "talk " + talk + " ms, voiced " + voiced + " ms");
        assertEquals(talk, seg.talkMs());
        long voicedInUtterances = got.stream().mapToLong(u -> u.voicedFrames() * 20L).sum();
        assertEquals(voiced, voicedInUtterances, "the voiced frames are all in the utterances");
    }

    @Test
    void aLongMonologueIsCutAtTheLongestUtteranceAndGapsAreSilence() throws Exception {
        short[] said = SpokenAudio.say(dir, "en-us+klatt",
                "the office move starts next month and the movers come on monday and the desks arrive on tuesday and the new "
                        + "chairs come later in the week and everyone should pack their things before then");
        assertTrue(said.length > SpeechSegmenter.MAX_FRAMES * SpeechSegmenter.FRAME, "longer than 8 s: " + said.length);
        var seg = new SpeechSegmenter();
        List<SpeechSegmenter.Utterance> got = new ArrayList<>(seg.silence(5 * 16_000));
        got.addAll(seg.accept(said, 0, said.length));
        got.addAll(seg.silence(16_000));
        assertTrue(got.size() >= 2, got.toString());
        var first = got.get(0);
        assertTrue(first.startSample() >= 5 * 16_000 - SpeechSegmenter.PREROLL_FRAMES * SpeechSegmenter.FRAME,
                "placed after the skipped silence: " + first);
        assertTrue(got.stream().allMatch(u -> u.pcm().length <= SpeechSegmenter.MAX_FRAMES * SpeechSegmenter.FRAME), got.toString());
    }
}
