package com.zoomvconnect.testing;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** How well recognised text matches what was said: the measures the speech tests and benchmarks report. */
public final class WordScores {
    private WordScores() {
    }

    /** Share of the passage's distinct words among the recognised ones (case and punctuation ignored). */
    public static double recall(String passage, String said) {
        Set<String> got = new HashSet<>(Arrays.asList(said.toLowerCase(Locale.ROOT).split("[^a-z']+")));
        Set<String> words = new HashSet<>(Arrays.asList(passage.toLowerCase(Locale.ROOT).split("[^a-z']+")));
        words.remove("");
        return words.stream().filter(got::contains).count() / (double) words.size();
    }

    /** Word error rate: word-level edit distance over the reference's length (its punctuation ignored). */
    public static double wordErrorRate(String reference, String hypothesis) {
        String[] r = reference.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").trim().split("\\s+");
        String[] h = hypothesis.isBlank() ? new String[0] : hypothesis.toLowerCase(Locale.ROOT).trim().split("\\s+");
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1));
            }
        }
        return d[r.length][h.length] / (double) r.length;
    }
}
