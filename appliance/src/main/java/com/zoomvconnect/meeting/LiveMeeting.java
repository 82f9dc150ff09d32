package com.zoomvconnect.meeting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Clock clock;
    private final RoomRecords records;
    private volatile Room.Settings settings;
    private final Breakouts breakouts;
    private final Instant since;

    LiveMeeting(String meetingId, Room.Settings settings, Clock clock, RoomRecords records, MeetingTimer timer) {
        this(meetingId, settings, clock, records, timer, 0);
    }

    /** @param maxParticipants how many may be in the meeting's rooms together (0: no limit); entry is through the main room */
    LiveMeeting(String meetingId, Room.Settings settings, Clock clock, RoomRecords records, MeetingTimer timer,
                int maxParticipants) {
        this.meetingId = meetingId;
        this.clock = clock;
        this.records = records;
        this.settings = settings;
        this.since = clock.instant();
        this.main = new Room(meetingId, MAIN, settings, clock, records,
                () -> maxParticipants > 0 && participantCount() >= maxParticipants);
        rooms.put(MAIN, main);
        this.breakouts = new Breakouts(this, clock, timer, records);
    }

    /** This meeting's breakout rooms: the plan, open or closed, and the moves between rooms. */
    public Breakouts breakouts() {
        return breakouts;
    }

    /**
     * A breakout room: the meeting's settings without the waiting room, since only participants
     * the main room admitted are moved in.
     */
    Room addRoom(String roomId) {
        return rooms.computeIfAbsent(roomId, id -> new Room(meetingId, id, breakoutSettings(settings), clock, records));
    }

    /** Forgets a breakout room that nobody is in (a new plan replaces it). */
    void removeRoom(String roomId) {
        rooms.computeIfPresent(roomId, (id, r) -> r != main && r.isEmpty() ? null : r);
    }

    /** The meeting's settings changed in the database: every room applies them (breakouts without the waiting room). */
    void settingsChanged(Room.Settings s) {
        settings = s;
        rooms.values().forEach(r -> r.settingsChanged(r == main ? s : breakoutSettings(s)));
    }

    private static Room.Settings breakoutSettings(Room.Settings s) {
        return new Room.Settings(s.ownerUserId(), false, s.muteOnEntry(), s.webinar(), s.e2ee(), s.recordingAllowed());
    }

    /** A participant's role in whichever room of the meeting they are in now. */
    public Optional<String> roleOf(String participantId) {
        return rooms.values().stream().map(r -> r.roleOf(participantId)).flatMap(Optional::stream).findFirst();
    }

    /** A participant as whichever room of the meeting they are in now shows them. */
    public Optional<ParticipantView> participant(String participantId) {
        return rooms.values().stream().map(r -> r.participant(participantId)).flatMap(Optional::stream).findFirst();
    }

    /**
     * Takes a participant's connection ({@code link}) out of whichever room has it. A host who
     * leaves is replaced: within the main room by the main room itself, otherwise by someone in
     * any room (roles are the meeting's).
     */
    public void leave(String participantId, ParticipantLink link, String reason) {
        boolean host = roleOf(participantId).map(MeetingRole.HOST.wire()::equals).orElse(false);
        boolean left = false;
        for (Room r : rooms.values()) {
            left |= r.leave(participantId, link, reason);
        }
        if (host && left) {
            breakouts.handOverHost();
        }
    }

    /** An administrator removes a participant from whichever room has them; their name, or empty if absent. */
    public Optional<String> removeByAdministrator(String participantId, String adminName) {
        boolean host = roleOf(participantId).map(MeetingRole.HOST.wire()::equals).orElse(false);
        for (Room r : rooms.values()) {
            Optional<String> name = r.removeByAdministrator(participantId, adminName);
            if (name.isPresent()) {
                if (host) {
                    breakouts.handOverHost();
                }
                return name;
            }
        }
        return Optional.empty();
    }

    /** The SFU room id of a meeting's room: unique across meetings, stable for the room's life. */
    public static String mediaRoomId(String meetingId, String roomId) {
        return meetingId + "/" + roomId;
    }

    public String meetingId() {
        return meetingId;
    }

    /** When the meeting went live on this node (its first entry). */
    public Instant since() {
        return since;
    }

    /** How long the meeting has been live, by the server's clock (the header's elapsed time: the same for everyone). */
    public Duration elapsed() {
        return Duration.between(since, clock.instant());
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
        breakouts.stop();
        rooms.values().forEach(r -> r.end(reason));
    }

    /** Another node hosts the meeting now: every room closes and its people are sent to rejoin there. */
    void handOver() {
        breakouts.stop();
        rooms.values().forEach(Room::handOver);
    }

    int participantCount() {
        return rooms.values().stream().mapToInt(r -> r.participants().size()).sum();
    }
}
