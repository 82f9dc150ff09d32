package com.zoomvconnect.meeting;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * Short, human-typable meeting codes like {@code kqz-wmhr-tbn}: 10 letters from an alphabet
 * without look-alikes (no i, l, o), about 45 bits, so codes are not guessable by enumeration.
 */
public final class MeetingCodes {
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz";
    private final SecureRandom random = new SecureRandom();

    public String next() {
        var sb = new StringBuilder(12);
        for (int i = 0; i < 10; i++) {
            if (i == 3 || i == 7) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Normalises what a person typed ("KQZ WMHR TBN", "kqzwmhrtbn") to the stored form, if it can be a code. */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String letters = typed.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (letters.length() != 10 || !letters.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(letters.substring(0, 3) + "-" + letters.substring(3, 7) + "-" + letters.substring(7));
    }
}
