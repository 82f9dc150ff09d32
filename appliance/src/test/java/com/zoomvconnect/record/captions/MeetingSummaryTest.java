package com.zoomvconnect.record.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extractive summary on a meeting's transcript: lines as people said them (the passages the
 * captions browser test speaks, and pocketsphinx's recognition of them, lower case and without
 * punctuation, with its mistakes).
 */
class MeetingSummaryTest {
    /** Ann and Bob, one caption line each 4 s, as recognised (with pocketsphinx's errors kept). */
    static final String[][] SAID = {
        {"ann", "Ann", "good morning everyone the budget for the new office is ready"},
        {"bob", "Bob", "thank you and the office move starts next month"},
        {"ann", "Ann", "i will send the budget report to the team by friday"},
        {"bob", "Bob", "we need to book the movers before the end of the week"},
        {"ann", "Ann", "the new office has room for the whole team"},
        {"bob", "Bob", "okay"},
        {"ann", "Ann", "and the budget covers new desks for the office"},
        {"bob", "Bob", "the weather is nice today so we can go to the park"},
    };

    static List<MeetingSummary.Sentence> sentences() {
        List<MeetingSummary.Sentence> out = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (String[] s : SAID) {
            out.add(new MeetingSummary.Sentence(s[0], s[1], s[2], t, t + 3000));
            t += 4000;
        }
        return out;
    }

    @Test
    void actionItemsAreTheCommitmentsAndDeadlines() {
        var items = MeetingSummary.actionItems(sentences()).stream().map(MeetingSummary.Sentence::text).toList();
        assertEquals(List.of("i will send the budget report to the team by friday",
                "we need to book the movers before the end of the week"), items);
    }

    @Test
    void keySentencesAreTheOnesAboutWhatTheMeetingKeptComingBackToInTheOrderSaid() {
        var key = MeetingSummary.keySentences(sentences(), 3).stream().map(MeetingSummary.Sentence::text).toList();
        assertEquals(3, key.size(), key.toString());
        // "office", "budget", "team" recur; the small talk about the weather and a bare "okay" do not make it.
        assertTrue(key.contains("good morning everyone the budget for the new office is ready"), key.toString());
        assertTrue(key.stream().noneMatch(s -> s.contains("weather") || s.equals("okay")), key.toString());
        var all = sentences().stream().map(MeetingSummary.Sentence::text).toList();
        for (int i = 1; i < key.size(); i++) {
            assertTrue(all.indexOf(key.get(i)) > all.indexOf(key.get(i - 1)), "in the order said: " + key);
        }
    }

    @Test
    void attendanceAddsUpEachSpeakersTalkTimeAndTheTimelineIsInOrder() {
        List<MeetingSummary.Segment> segments = List.of(
                new MeetingSummary.Segment("bob", "Bob", 5_000, 8_000, 2_400),
                new MeetingSummary.Segment("ann", "Ann", 1_000, 4_000, 2_600),
                new MeetingSummary.Segment("ann", "Ann", 9_000, 12_500, 3_000));
        var s = MeetingSummary.of(sentences(), segments);
        assertEquals(List.of("ann", "bob"), s.attendance().stream().map(MeetingSummary.Attendee::participantId).toList());
        assertEquals(5_600, s.attendance().get(0).talkMs());
        assertEquals(1_000, s.attendance().get(0).firstMs());
        assertEquals(12_500, s.attendance().get(0).lastMs());
        assertEquals(2_400, s.attendance().get(1).talkMs());
        assertEquals(List.of(1_000L, 5_000L, 9_000L), s.timeline().stream().map(MeetingSummary.Segment::startMs).toList());
        assertEquals(1_000, s.startMs());
        assertEquals(12_500, s.endMs());
        assertTrue(s.method().startsWith("extractive"), s.method());
    }
}
