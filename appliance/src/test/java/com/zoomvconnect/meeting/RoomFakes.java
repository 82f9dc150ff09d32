package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.testing.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fakes for testing the room and its collaborators: links that record what they are told, and grants. */
final class RoomFakes {
    private RoomFakes() {
    }

    /** The clock the room's tests start from, moved by hand. */
    static ManualClock clock() {
        return new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    }

    /** A participant's link that records every delivery, admission and disconnect, in order. */
    static class RecordingLink implements ParticipantLink {
        final List<RoomEvent> events = new ArrayList<>();
        final List<Admission> admissions = new ArrayList<>();
        final List<String> disconnects = new ArrayList<>();
        /** The rooms this participant was moved to, in order. */
        final List<Room> moves = new ArrayList<>();

        @Override
        public synchronized void deliver(RoomEvent event) {
            events.add(event);
        }

        @Override
        public synchronized void admission(Admission admission) {
            admissions.add(admission);
        }

        @Override
        public synchronized void disconnect(String reason) {
            disconnects.add(reason);
        }

        @Override
        public synchronized void moved(Room to, String roomName, Admission.Admitted state) {
            moves.add(to);
        }

        synchronized <T extends RoomEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        synchronized <T extends RoomEvent> T last(Class<T> type) {
            List<T> all = events(type);
            if (all.isEmpty()) {
                throw new AssertionError("no " + type.getSimpleName() + " in " + events);
            }
            return all.get(all.size() - 1);
        }

        synchronized void clear() {
            events.clear();
            admissions.clear();
            disconnects.clear();
            moves.clear();
        }
    }

    static JoinGrant member(String id, String role) {
        return new JoinGrant("m1", id, name(id), role, false);
    }

    static JoinGrant guest(String id) {
        return new JoinGrant("m1", id, name(id), MeetingRole.ATTENDEE.wire(), true);
    }

    private static String name(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }
}
