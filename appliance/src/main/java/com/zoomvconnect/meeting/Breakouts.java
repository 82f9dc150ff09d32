package com.zoomvconnect.meeting;

// Over 400 lines on purpose: the plan, the timer and the moves share one monitor and one set of
// invariants (who is assigned, placed, where); split apart, every part would need the lock order.

import com.zoomvconnect.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A meeting's breakout rooms: the plan (rooms, who goes where, whether attendees choose, the
 * timer), whether they are open, and the moves between rooms. A move takes the participant's
 * member out of one {@link Room} and into another with their role, name, tracks and host mutes
 * intact, past the waiting room and the lock but never past a ban.
 *
 * <p>Thread-safe: one monitor for the plan; a move takes one room's monitor at a time inside it
 * (lock order: breakouts, then a room; rooms never call back here). What rooms decide is delivered
 * after every monitor is released. The ban check asks the database under this monitor: breakout
 * commands are rare and the embedded database answers in microseconds.
 */
public final class Breakouts {
    static final int MAX_ROOMS = 50;
    static final int MAX_NAME = 60;
    static final int MAX_BROADCAST = 500;
    static final Duration MAX_DURATION = Duration.ofHours(24);
    static final Duration MAX_GRACE = Duration.ofMinutes(10);

    /** A plan as a host configures it; {@code duration} null means no timer. */
    public record Plan(List<String> roomNames, boolean allowChoose, Duration duration, Duration grace) {
    }

    private enum Phase { CLOSED, OPEN, CLOSING }

    private final LiveMeeting meeting;
    private final Clock clock;
    private final MeetingTimer timer;
    private final RoomRecords records;

    /** Breakout room id to its name, in creation order. */
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> assignments = new LinkedHashMap<>();
    /** While open: the room each participant was last moved to, where a reconnect lands. */
    private final Map<String, String> placed = new HashMap<>();
    private boolean allowChoose;
    private Duration duration;
    private Duration grace = Duration.ZERO;
    private Phase phase = Phase.CLOSED;
    private Instant endsAt;
    private Instant closingAt;
    private Runnable cancelTimer = () -> { };
    /** Bumped whenever a timer is set or cancelled: a stale timer that fires anyway does nothing. */
    private long timerEpoch;
    private int nextRoom = 1;

    Breakouts(LiveMeeting meeting, Clock clock, MeetingTimer timer, RoomRecords records) {
        this.meeting = meeting;
        this.clock = clock;
        this.timer = timer;
        this.records = records;
    }

    // ---- host and co-host commands (actorId null: a REST caller the API has checked already) ----

    /** Replaces the plan; only while closed. Assignments to rooms that no longer exist are dropped. */
    public void configure(String actorId, Plan plan) {
        run(out -> {
            requireModerator(actorId);
            if (phase != Phase.CLOSED) {
                throw new ModerationException(ErrorCode.BREAKOUTS_OPEN, "Close the breakout rooms before changing them");
            }
            List<String> clean = validate(plan);
            for (String id : names.keySet()) {
                meeting.removeRoom(id);
            }
            names.clear();
            nextRoom = 1;
            for (String name : clean) {
                String id = "b" + nextRoom++;
                names.put(id, name);
                meeting.addRoom(id);
            }
            assignments.values().removeIf(r -> !names.containsKey(r));
            allowChoose = plan.allowChoose();
            duration = plan.duration();
            grace = plan.grace() == null ? Duration.ZERO : plan.grace();
            push(out);
        });
    }

    /** Plans a participant's room (while closed) or moves them at once (while open); "main" unassigns. */
    public void assign(String actorId, String participantId, String roomId) {
        run(out -> {
            requireModerator(actorId);
            requireRoom(roomId);
            if (locate(participantId).isEmpty()) {
                throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
            }
            if (LiveMeeting.MAIN.equals(roomId)) {
                assignments.remove(participantId);
            } else {
                assignments.put(participantId, roomId);
            }
            if (phase != Phase.CLOSED) {
                moveOrRefuse(participantId, roomId, out);
            }
            push(out);
        });
    }

    /** Splits the attendees not yet assigned evenly over the rooms, topping up the emptiest first. */
    public void autoAssign(String actorId) {
        run(out -> {
            requireModerator(actorId);
            if (names.isEmpty()) {
                throw new ModerationException(ErrorCode.INVALID_BREAKOUTS, "Create breakout rooms first");
            }
            Map<String, Integer> load = new LinkedHashMap<>();
            names.keySet().forEach(id -> load.put(id, 0));
            assignments.values().forEach(r -> load.merge(r, 1, Integer::sum));
            List<Member> waiting = everyone().stream()
                    .filter(m -> !m.role.canModerate() && !assignments.containsKey(m.id()))
                    .sorted(Comparator.comparing((Member m) -> m.joinedAt)).toList();
            for (Member m : waiting) {
                String room = load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
                load.merge(room, 1, Integer::sum);
                assignments.put(m.id(), room);
                if (phase != Phase.CLOSED) {
                    move(m.id(), room, out);
                }
            }
            push(out);
        });
    }

    /** Everyone assigned moves to their room; the timer starts. */
    public void open(String actorId) {
        run(out -> {
            requireModerator(actorId);
            if (phase != Phase.CLOSED) {
                throw new ModerationException(ErrorCode.BREAKOUTS_OPEN, "The breakout rooms are already open");
            }
            if (names.isEmpty()) {
                throw new ModerationException(ErrorCode.INVALID_BREAKOUTS, "Create breakout rooms first");
            }
            phase = Phase.OPEN;
            closingAt = null;
            endsAt = duration == null ? null : clock.instant().plus(duration);
            if (duration != null) {
                schedule(duration, this::timeUp);
            }
            for (Map.Entry<String, String> a : List.copyOf(assignments.entrySet())) {
                if (locate(a.getKey()).isPresent()) {
                    move(a.getKey(), a.getValue(), out);
                }
            }
            push(out);
        });
    }

    /** Starts the grace countdown ({@code closingAt}), then everyone returns; at once without grace. */
    public void close(String actorId) {
        run(out -> {
            requireModerator(actorId);
            if (phase == Phase.CLOSED) {
                throw new ModerationException(ErrorCode.BREAKOUTS_CLOSED, "The breakout rooms are not open");
            }
            if (phase == Phase.OPEN) {
                beginClosing(out);
            }
        });
    }

    /** A host's message to every room. */
    public void broadcast(String actorId, String text) {
        run(out -> {
            String from = requireModerator(actorId).map(m -> m.displayName).orElse("The host");
            if (phase == Phase.CLOSED) {
                throw new ModerationException(ErrorCode.BREAKOUTS_CLOSED, "The breakout rooms are not open");
            }
            String t = text == null ? "" : text.strip();
            if (t.isEmpty() || t.length() > MAX_BROADCAST) {
                throw new ModerationException(ErrorCode.INVALID_FIELD, "A broadcast is 1-" + MAX_BROADCAST + " characters");
            }
            var event = new RoomEvent.BreakoutsBroadcast(from, t);
            for (Room r : meeting.rooms()) {
                r.links().forEach(l -> out.send(l, event));
            }
        });
    }

    // ---- anyone's commands ------------------------------------------------------------------

    /**
     * Goes to a room: hosts and co-hosts visit any room; attendees choose one only when the plan
     * allows it. "main" is the return to the main room, allowed for everyone while open.
     */
    public void join(String participantId, String roomId) {
        run(out -> {
            Member me = locate(participantId).map(Located::member)
                    .orElseThrow(() -> new ModerationException(ErrorCode.NOT_JOINED, "You are not in this meeting"));
            requireRoom(roomId);
            if (phase == Phase.CLOSED) {
                throw new ModerationException(ErrorCode.BREAKOUTS_CLOSED, "The breakout rooms are not open");
            }
            if (!LiveMeeting.MAIN.equals(roomId) && !me.role.canModerate()) {
                if (!allowChoose) {
                    throw new ModerationException(ErrorCode.CHOOSING_NOT_ALLOWED, "The host assigns the breakout rooms");
                }
                assignments.put(participantId, roomId);
            }
            moveOrRefuse(participantId, roomId, out);
            push(out);
        });
    }

    /** Back to the main room. */
    public void returnToMain(String participantId) {
        join(participantId, LiveMeeting.MAIN);
    }

    /** Someone in a breakout room asks for help: every host and co-host, in any room, is told. */
    public void requestHelp(String participantId) {
        run(out -> {
            Located at = locate(participantId)
                    .orElseThrow(() -> new ModerationException(ErrorCode.NOT_JOINED, "You are not in this meeting"));
            if (phase == Phase.CLOSED || LiveMeeting.MAIN.equals(at.room().roomId())) {
                throw new ModerationException(ErrorCode.BREAKOUTS_CLOSED, "Ask for help from inside a breakout room");
            }
            String roomId = at.room().roomId();
            var event = new RoomEvent.HelpRequested(participantId, at.member().displayName, roomId, names.get(roomId));
            for (Room r : meeting.rooms()) {
                r.moderatorLinks().forEach(l -> out.send(l, event));
            }
        });
    }

    // ---- arrivals ---------------------------------------------------------------------------

    /**
     * The room a returning participant (a resumed session) enters directly: their breakout room
     * while breakouts are open, else the main room.
     */
    public synchronized Room entryRoom(String participantId) {
        Optional<Located> now = locate(participantId);
        if (now.isPresent()) {
            return now.get().room(); // the old connection is still there: the new one replaces it in place
        }
        if (phase == Phase.CLOSED) {
            return meeting.main();
        }
        String roomId = placed.getOrDefault(participantId, assignments.get(participantId));
        return roomId == null ? meeting.main() : meeting.room(roomId).orElse(meeting.main());
    }

    /**
     * A participant was admitted to a room of the meeting: one assigned to a breakout that is open
     * (a late joiner, or someone who joined again) moves there; when there is a plan, everyone
     * (the newcomer too) sees it with the newcomer in it.
     */
    public void arrived(String participantId) {
        run(out -> {
            Optional<Located> at = locate(participantId);
            if (at.isEmpty()) {
                return;
            }
            String target = phase == Phase.CLOSED ? null : placed.getOrDefault(participantId, assignments.get(participantId));
            if (target != null && !target.equals(at.get().room().roomId())) {
                move(participantId, target, out);
            }
            if (!names.isEmpty()) {
                push(out); // without a plan there is nothing to show: a client starts from "no breakouts"
            }
        });
    }

    /**
     * The host left and no room made someone else host: a co-host in any room (longest present),
     * else whoever is longest present, takes over. Nothing when a host is left somewhere.
     */
    public void handOverHost() {
        run(out -> {
            List<Member> all = everyone();
            if (all.stream().anyMatch(m -> m.role == MeetingRole.HOST)) {
                return;
            }
            Comparator<Member> longest = Comparator.comparing((Member m) -> m.joinedAt);
            all.stream().filter(m -> m.role == MeetingRole.COHOST).min(longest).or(() -> all.stream().min(longest))
                    .flatMap(m -> locate(m.id()))
                    .ifPresent(at -> at.room().takeOverHost(at.member().id(), out));
        });
    }

    /** Someone left the meeting: with a plan, everyone sees the new list of who is where. */
    public void departed() {
        run(out -> {
            if (!names.isEmpty()) {
                push(out);
            }
        });
    }

    /**
     * Runs {@code action} with the room the participant is in now and no move in between (moves
     * run under this monitor too), so what a connection decides with its room (may it publish,
     * what it published) never lands in a room the participant has just left. {@code fallback}
     * when in no room (not admitted yet, or gone).
     */
    public synchronized <T> T inRoomOf(String participantId, Room fallback, java.util.function.Function<Room, T> action) {
        return action.apply(locate(participantId).map(Located::room).orElse(fallback));
    }

    public synchronized BreakoutsView view() {
        List<Member> all = everyone();
        Map<String, List<String>> present = new HashMap<>();
        for (Room r : meeting.rooms()) {
            present.put(r.roomId(), r.members().stream().map(Member::id).toList());
        }
        List<BreakoutsView.RoomView> rooms = new ArrayList<>();
        names.forEach((id, name) -> rooms.add(new BreakoutsView.RoomView(id, name,
                assignments.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).toList(),
                present.getOrDefault(id, List.of()))));
        List<String> unassigned = all.stream().map(Member::id).filter(id -> !assignments.containsKey(id)).toList();
        return new BreakoutsView(phase != Phase.CLOSED, allowChoose, rooms, unassigned,
                endsAt == null ? null : endsAt.toEpochMilli(), closingAt == null ? null : closingAt.toEpochMilli(),
                duration == null ? null : (int) duration.toSeconds(), (int) grace.toSeconds());
    }

    /** The name of a room of this meeting ("Main room" for the main room). */
    public synchronized String roomName(String roomId) {
        return LiveMeeting.MAIN.equals(roomId) ? "Main room" : names.getOrDefault(roomId, roomId);
    }

    // ---- the timer ----------------------------------------------------------------------------

    private void timeUp(long epoch) {
        run(out -> {
            if (epoch == timerEpoch && phase == Phase.OPEN) {
                beginClosing(out);
            }
        });
    }

    private void graceOver(long epoch) {
        run(out -> {
            if (epoch == timerEpoch && phase == Phase.CLOSING) {
                finishClosing(out);
            }
        });
    }

    private void beginClosing(RoomOutbox out) {
        if (grace.isZero()) {
            finishClosing(out);
            return;
        }
        phase = Phase.CLOSING;
        closingAt = clock.instant().plus(grace);
        schedule(grace, this::graceOver);
        push(out);
    }

    /** Everyone in a breakout room (hosts visiting too) returns to the main room; the plan stays. */
    private void finishClosing(RoomOutbox out) {
        cancelTimer();
        phase = Phase.CLOSED;
        endsAt = null;
        closingAt = null;
        for (Room r : meeting.rooms()) {
            if (r != meeting.main()) {
                for (Member m : r.members()) {
                    move(m.id(), LiveMeeting.MAIN, out);
                }
            }
        }
        placed.clear();
        push(out);
    }

    private void schedule(Duration delay, java.util.function.LongConsumer task) {
        cancelTimer();
        long epoch = timerEpoch;
        cancelTimer = timer.schedule(delay, () -> task.accept(epoch));
    }

    private void cancelTimer() {
        cancelTimer.run();
        cancelTimer = () -> { };
        timerEpoch++;
    }

    /** The meeting ended: no timer may fire for it. */
    synchronized void stop() {
        cancelTimer();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private record Located(Room room, Member member) {
    }

    private Optional<Located> locate(String participantId) {
        if (participantId == null) {
            return Optional.empty();
        }
        for (Room r : meeting.rooms()) {
            Member m = r.present(participantId);
            if (m != null) {
                return Optional.of(new Located(r, m));
            }
        }
        return Optional.empty();
    }

    private List<Member> everyone() {
        List<Member> all = new ArrayList<>();
        meeting.rooms().forEach(r -> all.addAll(r.members()));
        return all;
    }

    /** The actor, who must be host or co-host in whichever room they are; empty for a checked API caller. */
    private Optional<Member> requireModerator(String actorId) {
        if (actorId == null) {
            return Optional.empty();
        }
        Member m = locate(actorId).map(Located::member)
                .orElseThrow(() -> new ModerationException(ErrorCode.NOT_JOINED, "You are not in this meeting"));
        if (!m.role.canModerate()) {
            throw new ModerationException(ErrorCode.FORBIDDEN, "Only the host or a co-host can manage breakout rooms");
        }
        return Optional.of(m);
    }

    private void requireRoom(String roomId) {
        if (roomId == null || (!LiveMeeting.MAIN.equals(roomId) && !names.containsKey(roomId))) {
            throw new ModerationException(ErrorCode.UNKNOWN_ROOM, "No breakout room with that id");
        }
    }

    /** As {@link #move}, refusing a banned participant with {@code banned}. */
    private void moveOrRefuse(String participantId, String roomId, RoomOutbox out) {
        if (!move(participantId, roomId, out)) {
            throw new ModerationException(ErrorCode.BANNED, "That participant was removed and cannot enter a room");
        }
    }

    /**
     * Moves a present participant to {@code roomId}: bans (the database's and the target room's)
     * are checked first, then the member leaves one room and enters the other. False if banned
     * (bulk moves skip them); true when moved or nothing to do.
     */
    private boolean move(String participantId, String roomId, RoomOutbox out) {
        Optional<Located> at = locate(participantId);
        Room to = meeting.room(roomId).orElseThrow(() -> new ModerationException(ErrorCode.UNKNOWN_ROOM, "No such room"));
        if (at.isEmpty() || at.get().room() == to) {
            return true;
        }
        Member m = at.get().member();
        List<BanSubject> subjects = BanSubject.of(m.grant, m.clientAddress);
        if (to.bans(subjects) || records.refusal(meeting.meetingId(), subjects).isPresent()) {
            return false;
        }
        Member moving = at.get().room().transferOut(participantId, out);
        if (moving != null) {
            to.transferIn(moving, roomName(roomId), out);
            placed.put(participantId, roomId);
        }
        return true;
    }

    private void push(RoomOutbox out) {
        var event = new RoomEvent.BreakoutsChanged(view());
        for (Room r : meeting.rooms()) {
            r.links().forEach(l -> out.send(l, event));
        }
    }

    private static List<String> validate(Plan plan) {
        if (plan == null || plan.roomNames() == null || plan.roomNames().isEmpty() || plan.roomNames().size() > MAX_ROOMS) {
            throw new ModerationException(ErrorCode.INVALID_BREAKOUTS, "Between 1 and " + MAX_ROOMS + " breakout rooms");
        }
        List<String> clean = new ArrayList<>();
        for (String n : plan.roomNames()) {
            String s = n == null ? "" : n.strip();
            if (s.isEmpty() || s.length() > MAX_NAME || s.chars().anyMatch(Character::isISOControl)) {
                throw new ModerationException(ErrorCode.INVALID_BREAKOUTS, "Room names are 1-" + MAX_NAME + " printable characters");
            }
            clean.add(s);
        }
        Duration d = plan.duration();
        if (d != null && (d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0)) {
            throw new ModerationException(ErrorCode.INVALID_BREAKOUTS, "The duration is 1 second to 24 hours");
        }
        Duration g = plan.grace();
        if (g != null && (g.isNegative() || g.compareTo(MAX_GRACE) > 0)) {
            throw new ModerationException(ErrorCode.INVALID_BREAKOUTS, "The grace period is 0 to 600 seconds");
        }
        return clean;
    }

    /** Decides under the monitor, then delivers what was decided after releasing it. */
    private void run(java.util.function.Consumer<RoomOutbox> decision) {
        RoomOutbox out = new RoomOutbox();
        try {
            synchronized (this) {
                decision.accept(out);
            }
        } finally {
            out.flush(); // moves made before a refusal are real: their rooms tell them
        }
    }
}
