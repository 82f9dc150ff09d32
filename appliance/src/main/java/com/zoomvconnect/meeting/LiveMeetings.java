package com.zoomvconnect.meeting;

import com.zoomvconnect.bus.EventBus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The meetings that are live on this node, created on first entry and dropped when all their rooms are empty. */
public final class LiveMeetings {
    private final ConcurrentHashMap<String, LiveMeeting> meetings = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Function<String, Room.Settings> settings;
    private final RoomRecords records;
    private final MeetingTimer timer;
    private final int maxParticipants;

    /**
     * @param settings loads a meeting's owner and initial policy from storage
     * @param records  the meeting's state and bans in storage, which every entry is checked against
     */
    public LiveMeetings(EventBus bus, Clock clock, Function<String, Room.Settings> settings, RoomRecords records) {
        this(bus, clock, settings, records, MeetingTimer.virtualThreads());
    }

    /** @param timer runs the breakout timers (tests pass one they drive with their clock) */
    public LiveMeetings(EventBus bus, Clock clock, Function<String, Room.Settings> settings, RoomRecords records,
                        MeetingTimer timer) {
        this(bus, clock, settings, records, timer, 0);
    }

    /** @param maxParticipants how many may be in one meeting at once, hosts and co-hosts aside (0: no limit) */
    public LiveMeetings(EventBus bus, Clock clock, Function<String, Room.Settings> settings, RoomRecords records,
                        MeetingTimer timer, int maxParticipants) {
        this.maxParticipants = maxParticipants;
        this.timer = timer;
        this.clock = clock;
        this.settings = settings;
        this.records = records;
        bus.subscribe(MeetingEvent.Ended.class, e -> end(e.meetingId(), "ended by host"));
        bus.subscribe(MeetingEvent.Cancelled.class, e -> end(e.meetingId(), "cancelled"));
        bus.subscribe(MeetingEvent.Updated.class, e -> meeting(e.meetingId())
                .ifPresent(m -> m.settingsChanged(settings.apply(e.meetingId()))));
    }

    /** The live meeting, creating it if needed (or replacing one that has ended). */
    public LiveMeeting open(String meetingId) {
        return meetings.compute(meetingId, (id, existing) -> existing == null || existing.isEnded()
                ? new LiveMeeting(id, settings.apply(id), clock, records, timer, maxParticipants) : existing);
    }

    /** The main room of a meeting, opening the meeting if needed. */
    public Room room(String meetingId) {
        return open(meetingId).main();
    }

    public Optional<LiveMeeting> meeting(String meetingId) {
        return Optional.ofNullable(meetings.get(meetingId));
    }

    /** The main room of a meeting if it is live here. */
    public Optional<Room> find(String meetingId) {
        return meeting(meetingId).map(LiveMeeting::main);
    }

    /** Forgets the room's meeting if nobody is left in any of its rooms. */
    public void dropIfEmpty(Room room) {
        meetings.computeIfPresent(room.meetingId(), (id, m) -> {
            if (m.room(room.roomId()).orElse(null) == room && m.isEmpty()) {
                records.forget(id); // here, so that a reopening of the meeting never reads what it held
                return null;
            }
            return m;
        });
    }

    public void end(String meetingId, String reason) {
        LiveMeeting m = meetings.remove(meetingId);
        if (m != null) {
            m.end(reason);
        }
        records.forget(meetingId);
    }

    /**
     * The meeting is hosted by another node now (a cluster took it over while this node was counted
     * dead): its rooms here close and their people rejoin where it is ({@link Room#handOver()}); the
     * meeting itself goes on. A recording of it running here stops, as when a meeting ends here.
     *
     * @return whether the meeting was live here
     */
    public boolean handOver(String meetingId) {
        LiveMeeting m = meetings.remove(meetingId);
        records.forget(meetingId);
        if (m == null) {
            return false;
        }
        m.handOver();
        return true;
    }

    /** Every meeting live on this node now. */
    public List<LiveMeeting> all() {
        return meetings.values().stream().filter(m -> !m.isEnded()).toList();
    }

    /** Live rooms on this node, main rooms and others. */
    public int roomCount() {
        return meetings.values().stream().mapToInt(m -> m.rooms().size()).sum();
    }

    public int participantCount() {
        return meetings.values().stream().mapToInt(LiveMeeting::participantCount).sum();
    }
}
