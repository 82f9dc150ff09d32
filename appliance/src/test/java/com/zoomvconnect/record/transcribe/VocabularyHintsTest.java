package com.zoomvconnect.record.transcribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A meeting's hints, the spotter's files for them, and how spotted phrases replace what the trigram search heard. */
class VocabularyHintsTest {
    @TempDir
    Path dir;

    @Test
    void namesGiveWholeNamesAndTheirWordsTheTitleItsContentWords() {
        var h = VocabularyHints.of("Weekly sync: Northwind budget review",
                List.of("Ingrid Vasquez", "Zoë O'Neil", "Chidi", "李雷", "Ingrid Vasquez"));
        assertEquals(List.of(List.of("chidi"), List.of("ingrid", "vasquez"), List.of("ingrid"), List.of("vasquez"), List.of("zoe", "o'neil"),
                List.of("zoe"), List.of("o'neil"), List.of("northwind"), List.of("budget"), List.of("review")), h.phrases());
        assertEquals(h, VocabularyHints.of("Weekly sync: Northwind budget review", List.of("Zoë O'Neil", "Ingrid Vasquez", "Chidi")),
                "the same people in another order: the same hints");
        assertTrue(VocabularyHints.of("", List.of()).isEmpty());
        assertEquals(VocabularyHints.of("A", List.of("Ann")), VocabularyHints.of("a", List.of("ANN")), "equal hints share their files");
    }

    @Test
    void theSpotterFilesUseTheDictionaryAndEspeakForTheRest() throws Exception {
        var spotter = new KeywordSpotter(PocketsphinxEngine.MODEL.resolve("cmudict-en-us.dict"), dir);
        var hints = VocabularyHints.of("", List.of("Ingrid Okonkwo"));
        KeywordSpotter.SpotterFiles f = spotter.files(hints);
        assertEquals(List.of("ingrid IH NG G R IH D", "okonkwo AA K AO NG K W OW"), Files.readAllLines(f.dict()),
                "the dictionary's entry, else espeak-ng's mapped");
        // 6 + 7 phones: 1e-(5 + 3 * 13); one word alone: 1e-(5 + 3 * 6)
        assertEquals(List.of("ingrid okonkwo /1e-44/", "ingrid /1e-23/", "okonkwo /1e-26/"), Files.readAllLines(f.keyphrases()));
        assertEquals(f, spotter.files(hints), "prepared once per set of hints");
        assertEquals(null, spotter.files(VocabularyHints.of("", List.of("Ann", "Bob"))),
                "names of under four phones are not spotted (they were found everywhere): nothing to spot");
    }

    @Test
    void spottedPhrasesReplaceTheWordsHeardAtTheirTime() {
        var words = List.of(new TranscriptionEngine.Word("thank", 0, 300), new TranscriptionEngine.Word("you", 300, 500),
                new TranscriptionEngine.Word("cheating", 600, 900), new TranscriptionEngine.Word("a", 900, 1000),
                new TranscriptionEngine.Word("kong", 1000, 1400), new TranscriptionEngine.Word("for", 1500, 1700));
        var spotted = KeywordSpotter.parse("""
                chidi okonkwo\s
                chidi okonkwo  0.620 1.420 0.9
                chidi  0.600 0.950 0.8
                """);
        assertEquals(List.of(new KeywordSpotter.Detection(List.of("chidi", "okonkwo"), 620, 1420),
                new KeywordSpotter.Detection(List.of("chidi"), 600, 950)), spotted);
        var merged = KeywordSpotter.merge(words, spotted);
        assertEquals(List.of("thank", "you", "chidi", "okonkwo", "for"), merged.stream().map(TranscriptionEngine.Word::text).toList(),
                "the longer phrase wins over the overlapping shorter one");
        assertEquals(new TranscriptionEngine.Word("okonkwo", 1020, 1420), merged.get(3));
        assertEquals(words, KeywordSpotter.merge(words, List.of()));
    }
}
