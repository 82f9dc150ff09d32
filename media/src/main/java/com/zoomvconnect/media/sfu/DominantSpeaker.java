package com.zoomvconnect.media.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dominant-speaker detection from the RTP audio-level extension (RFC 6464: 0 is loudest,
 * 127 silence). Each participant's level is smoothed; the speaker changes only when someone
 * else is clearly louder for {@link #CONFIRM_TICKS} consecutive ticks, or the current speaker
 * has been quiet for a while — hysteresis, so the spotlight does not flicker on a cough.
 * Not thread-safe: levels are written on receive threads through {@link Level}, decisions are
 * taken on the SFU's ticker.
 */
final class DominantSpeaker {
    static final int CONFIRM_TICKS = 3;
    private static final double SPEECH = 25;      // smoothed loudness (127 - dBov) that counts as speech
    private static final double MARGIN = 1.25;    // a challenger must be this much louder
    private static final long QUIET_NANOS = 1_500_000_000L;

    /** One participant's loudness, updated per audio packet without locks. */
    static final class Level {
        private volatile double smoothed;
        private volatile long lastSpeechNanos;

        /** {@code level} is the extension's 7-bit value: 0 loudest, 127 silence. */
        void update(int level, long now) {
            double loudness = 127 - Math.min(127, Math.max(0, level));
            smoothed = smoothed * 0.9 + loudness * 0.1;
            if (loudness >= SPEECH) {
                lastSpeechNanos = now;
            }
        }

        double value() {
            return smoothed;
        }
    }

    private final Map<String, Level> levels = new LinkedHashMap<>();
    private final List<String> recent = new ArrayList<>(); // most recent dominant speakers first
    private String current;
    private String challenger;
    private int challengerTicks;

    synchronized Level level(String participantId) {
        return levels.computeIfAbsent(participantId, k -> new Level());
    }

    /** A participant (re)joins detection with the loudness its media session already measured. */
    synchronized void add(String participantId, Level level) {
        levels.put(participantId, level);
    }

    /**
     * Removes one media session of a participant: nothing when a newer session with the same id
     * (a resumed connection) has already put its own level in place.
     */
    synchronized void remove(String participantId, Level level) {
        Level present = levels.get(participantId);
        if (present == null || present == level) {
            remove(participantId);
        }
    }

    synchronized void remove(String participantId) {
        levels.remove(participantId);
        recent.remove(participantId);
        if (participantId.equals(current)) {
            current = null;
        }
    }

    /** Re-evaluates; returns the new dominant speaker if it changed, else null. */
    synchronized String tick(long now) {
        String loudest = null;
        double best = SPEECH;
        for (var e : levels.entrySet()) {
            double v = e.getValue().value();
            if (v > best) {
                best = v;
                loudest = e.getKey();
            }
        }
        if (loudest == null || loudest.equals(current)) {
            challenger = null;
            challengerTicks = 0;
            return null;
        }
        Level cur = current == null ? null : levels.get(current);
        boolean currentQuiet = cur == null || now - cur.lastSpeechNanos > QUIET_NANOS;
        boolean clearlyLouder = cur == null || best > cur.value() * MARGIN;
        if (!currentQuiet && !clearlyLouder) {
            challenger = null;
            challengerTicks = 0;
            return null;
        }
        challengerTicks = loudest.equals(challenger) ? challengerTicks + 1 : 1;
        challenger = loudest;
        if (challengerTicks < CONFIRM_TICKS && !currentQuiet) {
            return null;
        }
        current = loudest;
        challenger = null;
        challengerTicks = 0;
        recent.remove(current);
        recent.add(0, current);
        return current;
    }

    /** The {@code k} loudest participants right now (speech only), loudest first. */
    synchronized List<String> loudest(int k) {
        return levels.entrySet().stream().filter(e -> e.getValue().value() >= SPEECH / 2)
                .sorted((a, b) -> Double.compare(b.getValue().value(), a.getValue().value()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    synchronized String current() {
        return current;
    }

    /** Participants by how recently they were the dominant speaker (for last-N). */
    synchronized List<String> recentSpeakers() {
        return List.copyOf(recent);
    }
}
