package com.zoomvconnect.record.captions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A meeting's summary, extracted — not generated — from what was said: who attended and how long
 * each one talked (the voice-activity detector's voiced time), a timeline of who spoke when, the
 * key sentences and the action-item candidates. Every sentence in it is one a participant said,
 * word for word as it was recognised.
 *
 * <p>The method ({@link #METHOD}), so it can be checked: key sentences are scored by the
 * frequency, over the whole meeting, of the content words (not in {@link #STOP_WORDS}, three
 * letters or more) they contain, divided by the square root of their word count (long sentences
 * do not win by length alone); sentences under four words are skipped; the best
 * {@link #KEY_SENTENCES} are kept in the order they were said. Action-item candidates are the
 * sentences matching {@link #COMMITMENT}: a first-person or named commitment ("I will", "we'll",
 * "Anna will", "let's"), an obligation ("need to", "have to", "must") or a deadline ("by Friday",
 * "tomorrow", "next week").
 */
public final class MeetingSummary {
    public static final String METHOD = "extractive: key sentences by content-word frequency (TF, length-normalised);"
            + " action items by commitment and deadline phrases; nothing is generated";
    public static final int KEY_SENTENCES = 5;

    /** One sentence (a caption line) with its speaker and times (epoch ms). */
    public record Sentence(String participantId, String speaker, String text, long startMs, long endMs) {
    }

    /** One stretch of speech, for the timeline (epoch ms); {@code talkMs} counts its voiced frames only. */
    public record Segment(String participantId, String speaker, long startMs, long endMs, long talkMs) {
    }

    /** A participant heard in the meeting and for how long they talked. */
    public record Attendee(String participantId, String name, long firstMs, long lastMs, long talkMs) {
    }

    public record Summary(String method, long startMs, long endMs, List<Attendee> attendance, List<Segment> timeline,
                          List<Sentence> keySentences, List<Sentence> actionItems) {
    }

    static final Set<String> STOP_WORDS = Set.copyOf(List.of("the", "and", "for", "are", "but", "not", "you", "all", "any", "can",
            "had", "her", "was", "one", "our", "out", "has", "have", "him", "his", "how", "its", "may", "new", "now",
            "old", "see", "two", "who", "did", "get", "got", "let", "put", "say", "she", "too", "use", "that", "with",
            "this", "they", "them", "then", "than", "there", "their", "these", "those", "from", "what", "when", "where",
            "which", "will", "would", "could", "should", "shall", "about", "into", "over", "some", "such", "only",
            "also", "very", "just", "been", "being", "were", "here", "more", "most", "much", "many", "each", "other",
            "your", "yours", "ours", "we'll", "i'll", "it's", "that's", "there's", "don't", "doesn't", "yes", "yeah",
            "okay", "well", "like", "know", "think", "going", "want", "make", "take", "because", "after", "before",
            "while", "does", "doing", "done", "said", "says", "upon", "onto", "off", "out", "our", "own", "same", "so",
            "why", "way", "let's"));

    /** Commitments, obligations and deadlines (whole words, case-insensitive). */
    public static final Pattern COMMITMENT = Pattern.compile("\\b(i will|i'll|i shall|we will|we'll|we shall|i'm going to|"
            + "we're going to|i am going to|we are going to|let's|let us|need to|needs to|have to|has to|must|"
            + "action item|follow up|deadline|by (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
            + "tonight|the end of|end of|next week|next month|noon)|tomorrow|next week|[a-z]+ will (send|write|check|call|"
            + "review|prepare|finish|book|fix|update|share|draft|schedule|organi[sz]e))\\b", Pattern.CASE_INSENSITIVE);

    private MeetingSummary() {
    }

    /** The summary of a meeting from its caption lines and speech segments. */
    public static Summary of(List<Sentence> sentences, List<Segment> segments) {
        List<Sentence> said = sentences.stream().sorted(Comparator.comparingLong(Sentence::startMs)).toList();
        List<Segment> timeline = segments.stream().sorted(Comparator.comparingLong(Segment::startMs)).toList();
        Map<String, Attendee> people = new LinkedHashMap<>();
        for (Segment s : timeline) {
            people.merge(s.participantId(), new Attendee(s.participantId(), s.speaker(), s.startMs(), s.endMs(), s.talkMs()),
                    (a, b) -> new Attendee(a.participantId(), b.name(), Math.min(a.firstMs(), b.firstMs()),
                            Math.max(a.lastMs(), b.lastMs()), a.talkMs() + b.talkMs()));
        }
        long start = timeline.stream().mapToLong(Segment::startMs).min().orElse(0);
        long end = timeline.stream().mapToLong(Segment::endMs).max().orElse(0);
        return new Summary(METHOD, start, end, List.copyOf(people.values()), timeline, keySentences(said, KEY_SENTENCES),
                actionItems(said));
    }

    /** The {@code n} best-scored sentences, in the order they were said. */
    public static List<Sentence> keySentences(List<Sentence> said, int n) {
        Map<String, Integer> tf = new HashMap<>();
        for (Sentence s : said) {
            for (String w : words(s.text())) {
                if (content(w)) {
                    tf.merge(w, 1, Integer::sum);
                }
            }
        }
        record Scored(int index, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < said.size(); i++) {
            List<String> ws = words(said.get(i).text());
            if (ws.size() < 4) {
                continue;
            }
            double sum = 0;
            for (String w : ws) {
                if (content(w)) {
                    sum += tf.getOrDefault(w, 0);
                }
            }
            scored.add(new Scored(i, sum / Math.sqrt(ws.size())));
        }
        return scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::index))
                .limit(n).sorted(Comparator.comparingInt(Scored::index)).map(s -> said.get(s.index())).toList();
    }

    /** The sentences that read as commitments, obligations or deadlines, in the order they were said. */
    public static List<Sentence> actionItems(List<Sentence> said) {
        return said.stream().filter(s -> COMMITMENT.matcher(s.text()).find()).toList();
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9']+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean content(String w) {
        return w.length() >= 3 && !STOP_WORDS.contains(w);
    }
}
