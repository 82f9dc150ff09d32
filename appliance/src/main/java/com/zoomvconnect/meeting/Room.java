package com.zoomvconnect.meeting;

// Over 400 lines on purpose: the facade of one room, each method a short call into a collaborator
// under the monitor; the moves between rooms (breakouts) added the transfer pair.

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One live meeting: who is in it and in which role, who waits, what they publish, what hosts
 * allow, and the public chat. Every rule is checked here, on the server: a client's message is a
 * request this class may refuse. The room is the only owner of this state; the signaling
 * connection and the SFU are told its decisions.
 *
 * <p>This class is the facade: each idea lives in a package-private collaborator ({@link Entrance},
 * {@link Roles}, {@link Moderation}, {@link MediaRules}, {@link Chat}, {@link Hands},
 * {@link RecordingState}) sharing one {@link Roster}. They are called only with this room's monitor
 * held and put what they decide to tell into a {@link RoomOutbox}, delivered after the monitor is
 * released, so a slow participant never blocks the room.
 */
public final class Room {
    /** The reactions the client offers; anything else is refused. */
    public static final Set<String> REACTIONS = Hands.REACTIONS;

    private final String meetingId;
    private final String roomId;
    private final RoomRecords records;
    private final Roster roster;
    private final MediaRules media;
    private final Roles roles;
    private final Entrance entrance;
    private final Moderation moderation;
    private final Chat chat;
    private final Hands hands;
    private final RecordingState recording;
    private final CaptionState captions;
    private final KeyRelay keyRelay;
    private boolean ended;
    /** Whether this room keeps its policy and public chat in the database (the main room does). */
    private final boolean kept;

    /** Who may enter with what: the owner (host) and the initial policy, from the meeting's settings. */
    public record Settings(String ownerUserId, boolean waitingRoom, boolean muteOnEntry, boolean webinar, boolean e2ee,
                           boolean recordingAllowed) {
        /** Settings of a meeting that may be recorded. */
        public Settings(String ownerUserId, boolean waitingRoom, boolean muteOnEntry, boolean webinar, boolean e2ee) {
            this(ownerUserId, waitingRoom, muteOnEntry, webinar, e2ee, true);
        }

        /** Settings of a meeting without end-to-end encryption. */
        public Settings(String ownerUserId, boolean waitingRoom, boolean muteOnEntry, boolean webinar) {
            this(ownerUserId, waitingRoom, muteOnEntry, webinar, false);
        }
    }

    /** Whether the meeting is at its participant limit; asked without this room's monitor held. */
    private final java.util.function.BooleanSupplier full;

    Room(String meetingId, String roomId, Settings settings, Clock clock, RoomRecords records) {
        this(meetingId, roomId, settings, clock, records, () -> false);
    }

    /** @param full whether the meeting is at its participant limit (checked for entrants who are not moderators) */
    Room(String meetingId, String roomId, Settings settings, Clock clock, RoomRecords records,
         java.util.function.BooleanSupplier full) {
        this.meetingId = meetingId;
        this.roomId = roomId;
        this.records = records;
        this.roster = new Roster(RoomPolicy.initial(settings.waitingRoom(), settings.muteOnEntry(), settings.webinar(),
                settings.e2ee(), settings.recordingAllowed()));
        this.media = new MediaRules(roster);
        this.roles = new Roles(settings.ownerUserId(), roster, media);
        this.chat = new Chat(roster, clock);
        this.hands = new Hands(roster, clock);
        this.recording = new RecordingState(roster);
        this.captions = new CaptionState(roster);
        this.keyRelay = new KeyRelay(roster);
        this.entrance = new Entrance(roster, roles, clock, e -> admitted(e.member(), e.others(), e.startMuted()));
        this.full = full;
        this.moderation = new Moderation(roster, media, entrance);
        this.kept = LiveMeeting.MAIN.equals(roomId);
        if (kept) {
            var state = records.restore(meetingId, Chat.HISTORY);
            state.policy().ifPresent(c -> roster.policy(roster.policy().with(c)));
            chat.restore(state.chat(), state.lastChatSeq());
        }
    }

    /** The meeting this room belongs to: bans, the meeting's state and its settings are the meeting's. */
    public String meetingId() {
        return meetingId;
    }

    /** This room within its meeting ({@link LiveMeeting#MAIN} for the main room). */
    public String roomId() {
        return roomId;
    }

    /**
     * The room's identity in the SFU, unique on this node: media flows only between the sessions
     * attached to the same SFU room, and a session can move between them without a new handshake.
     */
    public String mediaRoomId() {
        return LiveMeeting.mediaRoomId(meetingId, roomId);
    }

    /**
     * A participant arrives with their grant. The owner always enters as host; moderators skip
     * the waiting room and the lock; the banned never enter.
     */
    public Admission enter(JoinGrant grant, String clientAddress, ParticipantLink link) {
        // The database decides whether the meeting is over and who is banned: a grant signed before
        // the meeting ended, was cancelled or banned its bearer must not open it again.
        List<BanSubject> subjects = BanSubject.of(grant, clientAddress);
        Optional<Admission.Refused> refused = records.refusal(meetingId, subjects);
        if (refused.isPresent()) {
            return refused.get();
        }
        // Counted across the meeting's rooms before taking this room's monitor (never two monitors at once).
        boolean atLimit = full.getAsBoolean();
        // Bans made a moment ago, while the database was being asked, are checked by the entrance too.
        Admission a = decide(out -> ended ? new Admission.Refused(ErrorCode.MEETING_ENDED, "This meeting has ended")
                : entrance.enter(grant, subjects, clientAddress, link, out, atLimit));
        if (a instanceof Admission.Admitted) {
            records.attended(meetingId, grant.participantId(), grant.displayName());
        }
        return a;
    }

    /** Removes a participant (or waiting entrant) if {@code link} is still theirs. */
    public boolean leave(String participantId, ParticipantLink link, String reason) {
        return decide(out -> {
            if (entrance.leave(participantId, link, out)) {
                return true;
            }
            Member m = roster.get(participantId);
            if (m == null || m.link != link) {
                return false;
            }
            roster.remove(participantId);
            out.send(roster.all(), new RoomEvent.ParticipantLeft(participantId, reason));
            hands.left(participantId, out);
            // The main room hands host over among its own; a host leaving from a breakout room, or
            // from a main room left empty by the breakouts, is replaced meeting-wide
            // (Breakouts.handOverHost, after this room's decision).
            if (m.role == MeetingRole.HOST && LiveMeeting.MAIN.equals(roomId) && roles.handOver(out).isPresent()) {
                entrance.notifyModerators(out); // the new host sees who waits
            }
            return true;
        });
    }

    // ---- moving between the meeting's rooms (breakouts) ------------------------------------------

    /** Who a present participant is, for the checks of a move; null if not here. */
    synchronized Member present(String participantId) {
        return roster.get(participantId);
    }

    /** Whether this room's own bans cover any of {@code subjects}. */
    synchronized boolean bans(List<BanSubject> subjects) {
        return entrance.isBanned(subjects);
    }

    /**
     * Takes a participant out of this room for a move to another room of the meeting: the others
     * see them leave ({@code moved}), their hand goes down; nobody takes over their role here,
     * since roles are the meeting's. Returns the member (role, name, tracks, host mutes intact), or
     * null if they are not here.
     */
    synchronized Member transferOut(String participantId, RoomOutbox out) {
        Member m = roster.remove(participantId);
        if (m == null) {
            return null;
        }
        out.send(roster.all(), new RoomEvent.ParticipantLeft(participantId, "moved"));
        hands.left(participantId, out);
        return m;
    }

    /**
     * Brings a member moved from another room of the meeting in: no waiting room, no lock (they
     * were admitted to the meeting) and their role unchanged. Their link is told with
     * {@link ParticipantLink#moved}, after the others see them join.
     */
    synchronized void transferIn(Member m, String roomName, RoomOutbox out) {
        List<ParticipantView> others = roster.all().stream().map(Member::view).toList();
        List<Member> notify = List.copyOf(roster.all());
        roster.put(m);
        out.send(notify, new RoomEvent.ParticipantJoined(m.view()));
        var state = admitted(m, others, false);
        out.run(() -> m.link.moved(this, roomName, state));
    }

    /** What {@code m} is told on entering (admitted, or moved in): the room as it is now. Under the monitor. */
    private Admission.Admitted admitted(Member m, List<ParticipantView> others, boolean startMuted) {
        return new Admission.Admitted(m.role.wire(), others, roster.policy(), chat.history(), startMuted, hands.queue(),
                recording.status(), captions.view(m.id()));
    }

    /**
     * A present participant becomes host: the meeting's host left from another room and nobody in
     * that room could take over. False if not here.
     */
    synchronized boolean takeOverHost(String participantId, RoomOutbox out) {
        Member m = roster.get(participantId);
        if (m == null) {
            return false;
        }
        m.role = MeetingRole.HOST;
        out.send(roster.all(), new RoomEvent.RoleChanged(m.id(), MeetingRole.HOST.wire()));
        entrance.notifyModerators(out); // in the main room, the new host sees who waits
        return true;
    }

    /** The links of everyone present. */
    synchronized List<ParticipantLink> links() {
        return roster.all().stream().map(m -> m.link).toList();
    }

    /** The links of the hosts and co-hosts present. */
    synchronized List<ParticipantLink> moderatorLinks() {
        return roster.moderators().stream().map(m -> m.link).toList();
    }

    /** Everyone present, as members (for the breakout plan: who is an attendee, since when). */
    synchronized List<Member> members() {
        return List.copyOf(roster.all());
    }

    // ---- moderation -------------------------------------------------------------------------

    /** Admits one waiting entrant ({@code participantId}) or everyone waiting ({@code null}). */
    public List<String> admitWaiting(String actorId, String participantId) {
        List<String> admitted = decide(out -> entrance.admitWaiting(actorId, participantId, out));
        for (String id : admitted) {
            Member m = present(id);
            if (m != null) {
                records.attended(meetingId, id, m.displayName);
            }
        }
        return admitted;
    }

    public void denyWaiting(String actorId, String participantId) {
        act(out -> entrance.deny(actorId, participantId, out));
    }

    /** Stops forwarding {@code source} of one participant (mute, stop video, stop screen share). */
    public void block(String actorId, String targetId, TrackSource source) {
        act(out -> moderation.block(actorId, targetId, source, out));
    }

    /** Mutes every participant who is not a moderator; {@code allowUnmute} updates the policy. */
    public void muteAll(String actorId, Boolean allowUnmute) {
        act(out -> {
            Member actor = roster.requireModerator(actorId);
            if (allowUnmute != null && allowUnmute != roster.policy().allowUnmute()) {
                applyPolicy(roster.policy().with(new RoomPolicy.PolicyChange(null, allowUnmute, null, null, null, null, null,
                        null, null)), out);
            }
            moderation.muteAll(actor, out);
        });
    }

    public void askToUnmute(String actorId, String targetId) {
        act(out -> moderation.askToUnmute(actorId, targetId, out));
    }

    /**
     * Removes a participant; with {@code ban} they (or, for guests, their address) cannot come back
     * for the rest of the meeting. The ban is in the database before anyone is told of it.
     */
    public void remove(String actorId, String targetId, boolean ban) {
        RoomOutbox out = new RoomOutbox();
        Moderation.Removal removal;
        synchronized (this) {
            removal = moderation.remove(actorId, targetId, ban, out);
            hands.left(targetId, out); // a removed participant's hand no longer waits in the queue
        }
        try {
            if (!removal.bans().isEmpty()) {
                records.ban(meetingId, removal.bans(), removal.displayName(), actorId);
            }
        } finally {
            out.flush();
        }
    }

    /**
     * An administrator removes a participant from outside the meeting (the admin dashboard): no
     * rank check and no ban; a removed host is replaced as if they had left. The removed name, or
     * empty when they are not in this room.
     */
    public Optional<String> removeByAdministrator(String participantId, String adminName) {
        return decide(out -> {
            Member m = roster.get(participantId);
            if (m == null) {
                return Optional.<String>empty();
            }
            roster.remove(participantId);
            out.send(m.link, new RoomEvent.Removed(adminName, false));
            out.run(() -> m.link.disconnect("removed"));
            out.send(roster.all(), new RoomEvent.ParticipantLeft(participantId, "removed"));
            hands.left(participantId, out);
            if (m.role == MeetingRole.HOST && LiveMeeting.MAIN.equals(roomId) && roles.handOver(out).isPresent()) {
                entrance.notifyModerators(out);
            }
            return Optional.of(m.displayName);
        });
    }

    public void rename(String actorId, String targetId, String displayName) {
        act(out -> moderation.rename(actorId, targetId, displayName, out));
    }

    /** Only the host makes or unmakes co-hosts, or hands host over. */
    public void setRole(String actorId, String targetId, MeetingRole role) {
        act(out -> {
            Member target = roles.setRole(actorId, targetId, role, out);
            if (role.canModerate()) {
                out.send(target.link, entrance.queueChanged()); // a new moderator sees who waits
            }
        });
    }

    public RoomPolicy setPolicy(String actorId, RoomPolicy.PolicyChange change) {
        return decide(out -> {
            roster.requireModerator(actorId);
            applyPolicy(roster.policy().with(change), out);
            return roster.policy();
        });
    }

    /** A new policy, told to everyone, with its effects: screens held back, the waiting room emptied. */
    private void applyPolicy(RoomPolicy next, RoomOutbox out) {
        RoomPolicy previous = roster.policy();
        if (next.equals(previous)) {
            return;
        }
        roster.policy(next);
        if (kept) {
            records.policy(meetingId, next);
        }
        out.send(roster.all(), new RoomEvent.PolicyChanged(next));
        if (!next.screenShareAllowed()) {
            media.screenShareForbidden(out);
        }
        if (previous.waitingRoom() && !next.waitingRoom()) {
            entrance.admitEveryone(out); // turning the waiting room off lets everyone waiting in
        }
    }

    // ---- the participant's own media ----------------------------------------------------------

    /** May this participant publish a track of {@code source}? (Screen sharing can be restricted.) */
    public synchronized boolean mayPublish(String participantId, TrackSource source) {
        return media.mayPublish(participantId, source);
    }

    /** Whether a host holds back this participant's {@code source}. */
    public synchronized boolean isBlocked(String participantId, TrackSource source) {
        return media.isBlocked(participantId, source);
    }

    /**
     * The room's whole decision on what the SFU must not forward from this participant; asked
     * again whenever a {@link RoomEvent.MediaBlocked} reaches them.
     */
    public synchronized Set<TrackSource> heldBack(String participantId) {
        return media.heldBack(participantId);
    }

    /** The SFU answered a publish offer: these tracks are gone, those are published now. */
    public void published(String participantId, List<String> removedTrackIds, List<TrackInfo> tracks) {
        act(out -> media.published(participantId, removedTrackIds, tracks, out));
    }

    /**
     * The participant muted or unmuted their own {@code source}. Unmuting what a host muted is
     * refused unless the policy allows it (moderators always may).
     */
    public void setMuted(String participantId, TrackSource source, boolean muted) {
        act(out -> media.setMuted(participantId, source, muted, out));
    }

    // ---- chat, hands and reactions ---------------------------------------------------------------

    /** Relays an end-to-end encryption key-exchange blob, unread, to members of this room ({@link KeyRelay}). */
    public void relayKeys(String fromId, List<String> to, String data) {
        act(out -> keyRelay.relay(fromId, to, data, out));
    }

    /**
     * Sends a chat message to everyone, or privately to {@code to}. A private message reaches
     * only its sender and recipient; public messages are kept for late joiners.
     */
    public ChatMessage chat(String fromId, String to, String text) {
        return decide(out -> {
            ChatMessage m = chat.send(fromId, to, text, out);
            if (kept && !m.isPrivate()) {
                long seq = chat.lastPublicSeq();
                out.first(() -> records.chat(meetingId, seq, m)); // stored before anyone is sent it
            }
            return m;
        });
    }

    /**
     * Raises or lowers a hand. Anyone may lower their own; moderators may lower anyone's
     * ({@code targetId} not null). The queue keeps the order hands went up.
     */
    public void setHand(String actorId, String targetId, boolean raised) {
        act(out -> hands.set(actorId, targetId, raised, out));
    }

    public synchronized List<String> raisedHands() {
        return hands.queue();
    }

    /** An emoji reaction, at most two per second per participant. */
    public void react(String participantId, String emoji) {
        act(out -> hands.react(participantId, emoji, out));
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    /** Ends the meeting: everyone (waiting too) is told and disconnected. */
    public void end(String reason) {
        var event = new RoomEvent.MeetingEnded(reason);
        for (ParticipantLink l : close()) {
            l.deliver(event);
            l.disconnect("ended");
        }
    }

    /**
     * The meeting is hosted by another node now (docs/cluster.md, "Fencing"): this room closes and
     * everyone in it is disconnected with the reason {@code moved} and without being told the
     * meeting ended, so their clients rejoin where it is. Those in the waiting room are disconnected too.
     */
    public void handOver() {
        for (ParticipantLink l : close()) {
            l.disconnect(MOVED);
        }
    }

    /** The close reason of {@link #handOver()}: the web client rejoins on it. */
    public static final String MOVED = "moved";

    /** Marks the room ended and empties it; returns everyone who was in it or waiting (nobody if it had ended). */
    private List<ParticipantLink> close() {
        List<ParticipantLink> all = new ArrayList<>();
        synchronized (this) {
            if (ended) {
                return all;
            }
            ended = true;
            roster.all().forEach(m -> all.add(m.link));
            all.addAll(entrance.close());
            roster.clear();
        }
        return all;
    }

    /** The meeting's settings changed in the database (waiting room, mute on entry). */
    public void settingsChanged(Settings s) {
        act(out -> applyPolicy(roster.policy().with(new RoomPolicy.PolicyChange(null, null, null, null, null, null,
                s.waitingRoom(), s.muteOnEntry(), s.webinar())), out));
    }

    public synchronized List<ParticipantView> participants() {
        return roster.all().stream().map(Member::view).sorted(Comparator.comparing(ParticipantView::joinedAt)).toList();
    }

    public synchronized Optional<ParticipantView> participant(String id) {
        return Optional.ofNullable(roster.get(id)).map(Member::view);
    }

    public synchronized Optional<String> roleOf(String id) {
        return Optional.ofNullable(roster.get(id)).map(m -> m.role.wire());
    }

    public synchronized List<WaitingEntrant> waitingRoom() {
        return entrance.queue();
    }

    /** Records the recording state and tells everyone in the room. */
    public void setRecording(RecordingStatus status) {
        act(out -> recording.set(status, out));
    }

    public synchronized RecordingStatus recording() {
        return recording.status();
    }

    /** Records whether the meeting is captioned and tells everyone in the room. */
    public void setCaptions(boolean on) {
        act(out -> captions.set(on, out));
    }

    public synchronized boolean captionsOn() {
        return captions.on();
    }

    /** A participant shows or hides captions; they are told whether the meeting is captioned. */
    public void showCaptions(String participantId, boolean show) {
        act(out -> captions.show(participantId, show, out));
    }

    /** A caption line, to those showing captions. */
    public void caption(CaptionLine line) {
        act(out -> captions.caption(line, out));
    }

    /** Throws unless the participant is host or co-host (who may record, or end the meeting for everyone). */
    public synchronized void requireModeratorRole(String actorId) {
        roster.requireModerator(actorId);
    }

    public synchronized RoomPolicy policy() {
        return roster.policy();
    }

    public synchronized boolean isEmpty() {
        return roster.isEmpty() && entrance.isEmpty();
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    /** Decides under the monitor, then delivers what was decided after releasing it. */
    private void act(Consumer<RoomOutbox> decision) {
        RoomOutbox out = new RoomOutbox();
        synchronized (this) {
            decision.accept(out);
        }
        out.flush();
    }

    /** As {@link #act}, for a decision with a result. */
    private <T> T decide(Function<RoomOutbox, T> decision) {
        RoomOutbox out = new RoomOutbox();
        T result;
        synchronized (this) {
            result = decision.apply(out);
        }
        out.flush();
        return result;
    }
}
