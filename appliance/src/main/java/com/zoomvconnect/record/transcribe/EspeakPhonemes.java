package com.zoomvconnect.record.transcribe;

import com.zoomvconnect.record.tools.MediaTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A pronunciation for a word the recognizer's dictionary lacks: espeak-ng says how it would
 * pronounce it ({@code espeak-ng -q -x}, its own phoneme mnemonics, e.g. {@code 0k'O2NkwoU} for
 * "Okonkwo"), and {@link #toArpabet} maps those onto the ARPAbet phones of the CMU dictionary
 * and of pocketsphinx's en-us acoustic model ({@code AA K AO NG K W OW}).
 *
 * <p>The table maps each espeak-ng English phoneme to its nearest CMU phone(s): stress, syllable
 * and length marks are dropped (the CMU dictionary pocketsphinx uses has no stress), a linking
 * {@code r} after an r-coloured vowel ({@code 3r-}) is folded into {@code ER}. Against the CMU
 * dictionary's own entries for 294 of its words (many of them names) the result has a phone error
 * rate of 0.125 ({@code EspeakPhonemesTest}).
 */
public final class EspeakPhonemes {
    /** espeak-ng mnemonic to ARPAbet; longest mnemonics are matched first. */
    static final Map<String, String> TABLE = Map.ofEntries(
            // vowels and diphthongs
            Map.entry("aI@", "AY ER"), Map.entry("aI3", "AY ER"), Map.entry("aU@", "AW ER"), Map.entry("i@3", "IH R"),
            Map.entry("oU#", "OW"), Map.entry("A@", "AA R"), Map.entry("e@", "EH R"), Map.entry("i@", "IY AH"),
            Map.entry("o@", "AO R"), Map.entry("O@", "AO R"), Map.entry("U@", "UH R"), Map.entry("O2", "AO"),
            Map.entry("OI", "OY"), Map.entry("oU", "OW"), Map.entry("aI", "AY"), Map.entry("aU", "AW"), Map.entry("eI", "EY"),
            Map.entry("3:", "ER"), Map.entry("A:", "AA"), Map.entry("O:", "AO"), Map.entry("i:", "IY"), Map.entry("u:", "UW"),
            Map.entry("@2", "AH"), Map.entry("@5", "AH"), Map.entry("@L", "AH L"), Map.entry("a#", "AH"), Map.entry("aa", "AE"),
            Map.entry("a2", "AH"), Map.entry("I2", "IH"), Map.entry("I#", "IH"), Map.entry("@", "AH"), Map.entry("3", "ER"),
            Map.entry("a", "AE"), Map.entry("e", "EH"), Map.entry("E", "EH"), Map.entry("i", "IY"), Map.entry("I", "IH"),
            Map.entry("0", "AA"), Map.entry("O", "AO"), Map.entry("u", "UW"), Map.entry("U", "UH"), Map.entry("V", "AH"),
            Map.entry("L", "AH L"), Map.entry("n-", "AH N"), Map.entry("l-", "AH L"), Map.entry("m-", "AH M"),
            // consonants
            Map.entry("r-", "R"), Map.entry("t#", "T"), Map.entry("tS", "CH"), Map.entry("dZ", "JH"), Map.entry("b", "B"),
            Map.entry("d", "D"), Map.entry("D", "DH"), Map.entry("f", "F"), Map.entry("g", "G"), Map.entry("h", "HH"),
            Map.entry("j", "Y"), Map.entry("k", "K"), Map.entry("l", "L"), Map.entry("m", "M"), Map.entry("n", "N"),
            Map.entry("N", "NG"), Map.entry("p", "P"), Map.entry("r", "R"), Map.entry("s", "S"), Map.entry("S", "SH"),
            Map.entry("t", "T"), Map.entry("T", "TH"), Map.entry("v", "V"), Map.entry("w", "W"), Map.entry("x", "K"),
            Map.entry("z", "Z"), Map.entry("Z", "ZH"));
    private static final List<String> BY_LENGTH = TABLE.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder())).toList();

    private EspeakPhonemes() {
    }

    /**
     * The ARPAbet phones of espeak-ng's mnemonics for one word; marks and anything unknown
     * (stress {@code ' ,}, length {@code :}, pauses {@code _}, digits, {@code ; # ? -}) are skipped.
     */
    public static List<String> toArpabet(String espeak) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < espeak.length()) {
            String match = null;
            for (String k : BY_LENGTH) {
                if (espeak.startsWith(k, i)) {
                    match = k;
                    break;
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            i += match.length();
            for (String phone : TABLE.get(match).split(" ")) {
                String last = out.isEmpty() ? "" : out.get(out.size() - 1);
                if (phone.equals("R") && (last.equals("ER") || last.equals("R"))) {
                    continue; // "3r-", "3r": the r is in the ER already
                }
                out.add(phone);
            }
        }
        return out;
    }

    /**
     * How espeak-ng (American English) pronounces each word, in ARPAbet: one espeak-ng run for all
     * of them, each word its own sentence (so none is reduced as in running speech); should its
     * answer not split into one pronunciation per word, each word is asked alone. Words espeak-ng
     * says nothing for (or all of them, when it is not installed) are missing from the answer.
     */
    public static Map<String, List<String>> pronounce(List<String> words) throws IOException, InterruptedException {
        var espeak = MediaTools.find("espeak-ng");
        List<String> plain = words.stream().filter(w -> w.matches("[a-z']+")).distinct().toList();
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (espeak.isEmpty() || plain.isEmpty()) {
            return out;
        }
        String text = plain.stream().map(w -> w + ".").collect(Collectors.joining("\n"));
        String[] said = MediaTools.run(List.of(espeak.get().toString(), "-q", "-x", "-v", "en-us", text), 60).stdout().strip()
                .split("\\s+");
        for (int i = 0; i < plain.size(); i++) {
            String x = said.length == plain.size() ? said[i]
                    : MediaTools.run(List.of(espeak.get().toString(), "-q", "-x", "-v", "en-us", plain.get(i)), 30).stdout().strip();
            List<String> phones = toArpabet(x);
            if (!phones.isEmpty()) {
                out.put(plain.get(i), phones);
            }
        }
        return out;
    }
}
