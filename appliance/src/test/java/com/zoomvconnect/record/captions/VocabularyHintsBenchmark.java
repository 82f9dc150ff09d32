package com.zoomvconnect.record.captions;

import com.zoomvconnect.record.transcribe.PocketsphinxEngine;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.VocabularyHints;
import com.zoomvconnect.testing.WordScores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vocabulary hints measured (not part of the default test run; docs/recording.md, "Vocabulary
 * hints"): passages naming the meeting's participants, and passages naming nobody, in three
 * espeak-ng voices, through Opus and the detector as captions hear them, recognised by pocketsphinx
 * without and with the meeting's hints. Printed: recall of the names (each time one is said counts)
 * and word error rate, per voice and over all.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=VocabularyHintsBenchmark</pre>
 */
class VocabularyHintsBenchmark {
    static final String TITLE = "Northwind budget review";
    static final List<String> PARTICIPANTS = List.of("Ingrid Vasquez", "Chidi Okonkwo", "Priya");
    static final String[] NAMED = {
        "good morning everyone. ingrid vasquez will send the report by friday. thank you chidi okonkwo for the budget review."
                + " priya asked ingrid about the office move.",
        "chidi will call priya tomorrow about the northwind contract. ingrid, can you check the numbers?"
                + " okonkwo and vasquez agreed to meet next week.",
    };
    static final String[] VOICES = {"en-us+klatt", "en-us", "en-gb"};

    @TempDir
    Path dir;

    /** The names' words in the passage, each time said. */
    static List<String> names(String passage) {
        Set<String> names = Set.copyOf(VocabularyHints.of(TITLE, PARTICIPANTS).words());
        return Arrays.stream(passage.split("[^a-z']+")).filter(names::contains).filter(w -> !w.equals("budget") && !w.equals("review"))
                .toList();
    }

    /** Of the names said, how many were recognised (a name recognised more often than said counts as often as said). */
    static int namesFound(String passage, String said) {
        Map<String, Integer> heard = new HashMap<>();
        Arrays.stream(said.split("\\s+")).forEach(w -> heard.merge(w, 1, Integer::sum));
        int found = 0;
        for (String n : names(passage)) {
            if (heard.getOrDefault(n, 0) > 0) {
                heard.merge(n, -1, Integer::sum);
                found++;
            }
        }
        return found;
    }

    /** What captions would show for the passage: its utterances recognised one by one. */
    static String recognise(Path dir, TranscriptionEngine engine, String voice, String passage) throws Exception {
        short[] pcm = RecognitionBenchmark.opusRoundTrip(SpokenAudio.say(dir, voice, passage));
        StringBuilder said = new StringBuilder();
        for (var u : RecognitionBenchmark.utterances(pcm)) {
            for (var w : engine.transcribe(SpokenAudio.wavFile(dir, u.pcm()))) {
                said.append(w.text()).append(' ');
            }
        }
        return said.toString().strip();
    }

    @Test
    void measure() throws Exception {
        TranscriptionEngine plain = new PocketsphinxEngine();
        TranscriptionEngine hinted = plain.withHints(VocabularyHints.of(TITLE, PARTICIPANTS));
        List<String> passages = new ArrayList<>(List.of(NAMED));
        passages.addAll(List.of(RecognitionBenchmark.PASSAGES));
        System.out.println("| voice | passages | names found without | with hints | WER without | WER with |");
        int[] all = new int[3];
        double[][] werAll = new double[2][2];
        for (String voice : VOICES) {
            int said = 0;
            int[] found = new int[2];
            double[][] wer = new double[2][2]; // [named?][hints?]
            for (String p : passages) {
                int named = Arrays.asList(NAMED).contains(p) ? 0 : 1;
                for (int h = 0; h < 2; h++) {
                    String text = recognise(dir, h == 0 ? plain : hinted, voice, p);
                    found[h] += namesFound(p, text);
                    wer[named][h] += WordScores.wordErrorRate(p, text) / (named == 0 ? NAMED.length : RecognitionBenchmark.PASSAGES.length);
                    System.out.printf(Locale.ROOT, "  %s %s: %s%n", voice, h == 0 ? "without" : "with", text);
                }
                said += names(p).size();
            }
            System.out.printf(Locale.ROOT, "| %s | with names | %d/%d | %d/%d | %.2f | %.2f |%n", voice, found[0], said, found[1], said,
                    wer[0][0], wer[0][1]);
            System.out.printf(Locale.ROOT, "| %s | without names | | | %.2f | %.2f |%n", voice, wer[1][0], wer[1][1]);
            all[0] += found[0];
            all[1] += found[1];
            all[2] += said;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    werAll[i][j] += wer[i][j] / VOICES.length;
                }
            }
        }
        System.out.printf(Locale.ROOT, "| all | with names | %d/%d | %d/%d | %.2f | %.2f |%n", all[0], all[2], all[1], all[2], werAll[0][0],
                werAll[0][1]);
        System.out.printf(Locale.ROOT, "| all | without names | | | %.2f | %.2f |%n", werAll[1][0], werAll[1][1]);
    }
}
