package com.zoomvconnect.meeting;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A meeting that is live on this node, with its rooms: always a main room, and more rooms (the
 * breakouts of a later feature) each with its own identity. The meeting, its rooms and the
 * participants' media sessions are three identities: a session attached to one room's SFU room can
 * be moved to another's without a new ICE or DTLS handshake ({@code ParticipantMedia.moveTo}).
 *
 * <p>Thread-safe: rooms are kept in a concurrent map; each room guards its own state.
 */
public final class LiveMeeting {
    /** The room id of every meeting's main room. */
    public static final String MAIN = "main";

    private final String meetingId;
    private final Room main;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    LiveMeeting(String meetingId, Room.Settings settings, Clock clock, RoomRecords records) {
        this.meetingId = meetingId;
        this.main = new Room(meetingId, MAIN, settings, clock, records);
        rooms.put(MAIN, main);
    }

    /** The SFU room id of a meeting's room: unique across meetings, stable for the room's life. */
    public static String mediaRoomId(String meetingId, String roomId) {
        return meetingId + "/" + roomId;
    }

    public String meetingId() {
        return meetingId;
    }

    /** The room everyone enters. */
    public Room main() {
        return main;
    }

    /** A room of this meeting by its id. */
    public Optional<Room> room(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    public List<Room> rooms() {
        return List.copyOf(rooms.values());
    }

    boolean isEmpty() {
        return rooms.values().stream().allMatch(Room::isEmpty);
    }

    boolean isEnded() {
        return main.isEnded();
    }

    void end(String reason) {
        rooms.values().forEach(r -> r.end(reason));
    }

    int participantCount() {
        return rooms.values().stream().mapToInt(r -> r.participants().size()).sum();
    }
}
