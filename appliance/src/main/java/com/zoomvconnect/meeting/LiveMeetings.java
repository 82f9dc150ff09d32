package com.zoomvconnect.meeting;

import com.zoomvconnect.bus.EventBus;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The rooms of meetings that are live on this node, created on first entry and dropped when empty. */
public final class LiveMeetings {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Function<String, Room.Settings> settings;
    private final RoomRecords records;

    /**
     * @param settings loads a meeting's owner and initial policy from storage
     * @param records  the meeting's state and bans in storage, which every entry is checked against
     */
    public LiveMeetings(EventBus bus, Clock clock, Function<String, Room.Settings> settings, RoomRecords records) {
        this.clock = clock;
        this.settings = settings;
        this.records = records;
        bus.subscribe(MeetingEvent.Ended.class, e -> end(e.meetingId(), "ended by host"));
        bus.subscribe(MeetingEvent.Cancelled.class, e -> end(e.meetingId(), "cancelled"));
        bus.subscribe(MeetingEvent.Updated.class, e -> find(e.meetingId()).ifPresent(r -> r.settingsChanged(settings.apply(e.meetingId()))));
    }

    /** The room for a meeting, creating it if needed (or replacing one that has ended). */
    public Room room(String meetingId) {
        return rooms.compute(meetingId, (id, existing) -> existing == null || existing.isEnded()
                ? new Room(id, settings.apply(id), clock, records) : existing);
    }

    public Optional<Room> find(String meetingId) {
        return Optional.ofNullable(rooms.get(meetingId));
    }

    /** Forgets the room if nobody is left in it. */
    public void dropIfEmpty(Room room) {
        rooms.computeIfPresent(room.meetingId(), (id, r) -> r == room && r.isEmpty() ? null : r);
    }

    public void end(String meetingId, String reason) {
        Room r = rooms.remove(meetingId);
        if (r != null) {
            r.end(reason);
        }
    }

    public int roomCount() {
        return rooms.size();
    }

    public int participantCount() {
        return rooms.values().stream().mapToInt(r -> r.participants().size()).sum();
    }
}
