package com.zoomvconnect.signal;

import java.util.function.Supplier;

/**
 * The text of a message that goes to many connections at once, encoded once. A room hands every
 * member the same event object, one member after another on one thread (the SFU likewise the same
 * dominant speaker's id), and each connection asks for its text here: the first encodes it, the
 * others get the same string. At 1 000 participants each join is 999 {@code participantJoined}
 * messages; encoded per connection, that was 999 encodings and 999 copies of one string waiting in
 * the outboxes of clients that had not read them yet — during a meeting's join storm, tens of
 * megabytes a second of garbage, much of it living long enough to be copied by the garbage
 * collector (docs/performance.md, "The join storm's garbage"). One entry, compared by identity:
 * two rooms broadcasting at once on two threads only encode more often, never send the wrong text.
 * A key stands for one message only (a room event, or a speaker's id for {@code dominantSpeaker}) and
 * must be immutable, as room events are.
 */
final class SharedText {
    private record Entry(Object key, String text) {
    }

    private static volatile Entry last;

    private SharedText() {
    }

    /** The text of {@code message}, which is what {@code key} (compared by identity) stands for. */
    static String of(Object key, Supplier<ServerMessage> message) {
        Entry e = last;
        if (e != null && e.key == key) {
            return e.text;
        }
        String text = SignalCodec.encode(message.get());
        last = new Entry(key, text);
        return text;
    }
}
