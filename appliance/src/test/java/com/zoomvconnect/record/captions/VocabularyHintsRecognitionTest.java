package com.zoomvconnect.record.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.record.transcribe.PocketsphinxEngine;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.VocabularyHints;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The participants' names are recognised with the meeting's hints, and a name missing from the
 * dictionary never is without them: espeak-ng reads {@link VocabularyHintsBenchmark}'s passages
 * naming the participants, through Opus and the detector as captions hear them. Floor a little
 * below what was measured (docs/recording.md, "Vocabulary hints").
 */
class VocabularyHintsRecognitionTest {
    @TempDir
    Path dir;

    @Test
    void participantsNamesAreRecognisedWithTheMeetingsHints() throws Exception {
        TranscriptionEngine plain = new PocketsphinxEngine();
        TranscriptionEngine hinted = plain.withHints(
                VocabularyHints.of(VocabularyHintsBenchmark.TITLE, VocabularyHintsBenchmark.PARTICIPANTS));
        int said = 0;
        int found = 0;
        StringBuilder heard = new StringBuilder();
        String[] voices = {"en-us+klatt", "en-us"};
        for (int i = 0; i < voices.length; i++) {
            String p = VocabularyHintsBenchmark.NAMED[i];
            String text = VocabularyHintsBenchmark.recognise(dir, hinted, voices[i], p);
            said += VocabularyHintsBenchmark.names(p).size();
            found += VocabularyHintsBenchmark.namesFound(p, text);
            heard.append(voices[i]).append(": ").append(text).append('\n');
        }
        System.out.println(found + " of " + said + " names found with hints:\n" + heard);
        assertEquals(12, said);
        assertTrue(found >= 6, found + " of " + said + " names found with hints:\n" + heard);
        assertTrue(heard.toString().contains("chidi") || heard.toString().contains("priya"),
                "a name the dictionary lacks (pronounced by espeak-ng's rules) is found:\n" + heard);

        String without = VocabularyHintsBenchmark.recognise(dir, plain, "en-us+klatt", VocabularyHintsBenchmark.NAMED[0]);
        assertTrue(!without.contains("chidi") && !without.contains("okonkwo"), "not in the language model, never recognised: " + without);
    }
}
