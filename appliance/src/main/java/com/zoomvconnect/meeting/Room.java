package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.auth.JoinGrant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One live meeting: who is in it and in which role, who waits, what they publish, what hosts
 * allow, and the public chat. Every rule is checked here, on the server: a client's message is a
 * request this class may refuse. Changes are serialised on the room's monitor; events are
 * delivered after it is released, so a slow participant never blocks the room.
 */
public final class Room {
    private static final int CHAT_HISTORY = 200;
    private static final int MAX_CHAT_LENGTH = 4000;

    private final String meetingId;
    private final String ownerUserId;
    private final Clock clock;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Waiter> waiting = new LinkedHashMap<>();
    private final Set<BanSubject> banned = new HashSet<>();
    private final RoomRecords records;
    private final ArrayDeque<ChatMessage> history = new ArrayDeque<>();
    private final java.util.LinkedHashSet<String> hands = new java.util.LinkedHashSet<>();
    private final Map<String, Instant> lastReaction = new java.util.HashMap<>();
    /** The reactions the client offers; anything else is refused. */
    public static final Set<String> REACTIONS = Set.of("👍", "👏", "😂", "❤️", "😮", "🎉");
    private RoomPolicy policy;
    private RecordingStatus recording = RecordingStatus.OFF;
    private boolean ended;

    static final Admission.Refused BANNED = new Admission.Refused(ErrorCode.BANNED, "You were removed from this meeting and cannot rejoin");

    /** Who may enter with what: the owner (host) and the initial policy, from the meeting's settings. */
    public record Settings(String ownerUserId, boolean waitingRoom, boolean muteOnEntry, boolean webinar) {
    }

    private static final class Member {
        final JoinGrant grant;
        final ParticipantLink link;
        final Instant joinedAt;
        final String clientAddress;
        final Map<String, TrackInfo> tracks = new LinkedHashMap<>();
        final Set<String> blocked = new HashSet<>();
        MeetingRole role;
        String displayName;

        Member(JoinGrant grant, ParticipantLink link, Instant joinedAt, String clientAddress, MeetingRole role) {
            this.grant = grant;
            this.link = link;
            this.joinedAt = joinedAt;
            this.clientAddress = clientAddress;
            this.role = role;
            this.displayName = grant.displayName();
        }

        ParticipantView view() {
            return new ParticipantView(grant.participantId(), displayName, role.wire(), grant.guest(), joinedAt,
                    List.copyOf(tracks.values()));
        }
    }

    private record Waiter(JoinGrant grant, ParticipantLink link, String clientAddress, Instant since) {
        WaitingEntrant view() {
            return new WaitingEntrant(grant.participantId(), grant.displayName(), grant.guest(), since);
        }
    }

    /** Deliveries decided under the monitor, made after it. */
    private static final class Outbox {
        private final List<Runnable> actions = new ArrayList<>();

        void send(ParticipantLink link, RoomEvent e) {
            actions.add(() -> link.deliver(e));
        }

        void run(Runnable r) {
            actions.add(r);
        }

        void flush() {
            actions.forEach(Runnable::run);
        }
    }

    Room(String meetingId, Settings settings, Clock clock, RoomRecords records) {
        this.meetingId = meetingId;
        this.records = records;
        this.ownerUserId = settings.ownerUserId();
        this.clock = clock;
        this.policy = RoomPolicy.initial(settings.waitingRoom(), settings.muteOnEntry(), settings.webinar());
    }

    public String meetingId() {
        return meetingId;
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
        Outbox out = new Outbox();
        Admission result;
        synchronized (this) {
            if (ended) {
                return new Admission.Refused(ErrorCode.MEETING_ENDED, "This meeting has ended");
            }
            String pid = grant.participantId();
            if (subjects.stream().anyMatch(banned::contains)) {
                return BANNED; // banned a moment ago, while the database was being asked
            }
            MeetingRole role = pid.equals(ownerUserId) ? MeetingRole.HOST : MeetingRole.fromWire(grant.meetingRole());
            if (role == MeetingRole.HOST && !pid.equals(ownerUserId)) {
                role = MeetingRole.COHOST; // only the owner is host by grant; others get it by hand-over
            }
            boolean moderator = role.canModerate();
            if (policy.locked() && !moderator && !members.containsKey(pid)) {
                return new Admission.Refused(ErrorCode.MEETING_LOCKED, "The host has locked this meeting");
            }
            boolean skipsWaiting = moderator || members.containsKey(pid) || (policy.membersSkipWaiting() && !grant.guest());
            if (policy.waitingRoom() && !skipsWaiting) {
                waiting.remove(pid);
                waiting.put(pid, new Waiter(grant, link, clientAddress, clock.instant()));
                notifyModerators(out);
                result = new Admission.Waiting(waiting.size());
            } else {
                result = admit(grant, clientAddress, link, role, out);
            }
        }
        out.flush();
        return result;
    }

    /** Admits under the monitor; returns what the entrant is told. */
    private Admission.Admitted admit(JoinGrant grant, String clientAddress, ParticipantLink link, MeetingRole role,
                                     Outbox out) {
        String pid = grant.participantId();
        Member previous = members.remove(pid);
        List<ParticipantView> others = members.values().stream().map(Member::view).toList();
        List<ParticipantLink> notify = members.values().stream().map(m -> m.link).toList();
        if (role == MeetingRole.HOST) {
            // The owner returns: whoever held host for them goes back to co-host.
            for (Member m : members.values()) {
                if (m.role == MeetingRole.HOST) {
                    m.role = MeetingRole.COHOST;
                    var changed = new RoomEvent.RoleChanged(m.grant.participantId(), MeetingRole.COHOST.wire());
                    notify.forEach(l -> out.send(l, changed));
                }
            }
        }
        var member = new Member(grant, link, clock.instant(), clientAddress, role);
        if (previous != null) {
            member.blocked.addAll(previous.blocked);
        }
        boolean startMuted = policy.muteOnEntry() && !role.canModerate();
        if (startMuted) {
            member.blocked.add("microphone");
        }
        members.put(pid, member);
        if (previous != null) {
            out.run(() -> previous.link.disconnect("replaced"));
            var left = new RoomEvent.ParticipantLeft(pid, "reconnected");
            notify.forEach(l -> out.send(l, left));
        }
        var joined = new RoomEvent.ParticipantJoined(member.view());
        notify.forEach(l -> out.send(l, joined));
        for (String source : member.blocked) {
            out.send(link, new RoomEvent.MediaBlocked(source, true, "the host"));
        }
        List<ChatMessage> chat = List.copyOf(history);
        return new Admission.Admitted(role.wire(), others, policy, chat, startMuted, List.copyOf(hands), recording);
    }

    /** Removes a participant (or waiting entrant) if {@code link} is still theirs. */
    public boolean leave(String participantId, ParticipantLink link, String reason) {
        Outbox out = new Outbox();
        synchronized (this) {
            Waiter w = waiting.get(participantId);
            if (w != null && w.link() == link) {
                waiting.remove(participantId);
                notifyModerators(out);
                out.flush();
                return true;
            }
            Member m = members.get(participantId);
            if (m == null || m.link != link) {
                return false;
            }
            members.remove(participantId);
            var event = new RoomEvent.ParticipantLeft(participantId, reason);
            members.values().forEach(x -> out.send(x.link, event));
            if (hands.remove(participantId)) {
                broadcastHands(out);
            }
            if (m.role == MeetingRole.HOST) {
                handOverHost(out);
            }
        }
        out.flush();
        return true;
    }

    /** The host left: a co-host (longest present), else the longest-present participant, becomes host. */
    private void handOverHost(Outbox out) {
        Optional<Member> next = members.values().stream().filter(x -> x.role == MeetingRole.COHOST)
                .min(Comparator.comparing(x -> x.joinedAt))
                .or(() -> members.values().stream().min(Comparator.comparing(x -> x.joinedAt)));
        next.ifPresent(n -> {
            n.role = MeetingRole.HOST;
            var changed = new RoomEvent.RoleChanged(n.grant.participantId(), MeetingRole.HOST.wire());
            members.values().forEach(x -> out.send(x.link, changed));
            notifyModerators(out);
        });
    }

    // ---- moderation -------------------------------------------------------------------------

    /** Admits one waiting entrant ({@code participantId}) or everyone waiting ({@code null}). */
    public List<String> admitWaiting(String actorId, String participantId) {
        Outbox out = new Outbox();
        List<String> admitted = new ArrayList<>();
        synchronized (this) {
            requireModerator(actorId);
            List<Waiter> chosen = participantId == null ? new ArrayList<>(waiting.values())
                    : Optional.ofNullable(waiting.get(participantId)).map(List::of)
                    .orElseThrow(() -> new ModerationException(ErrorCode.NOT_FOUND, "Nobody with that id is waiting"));
            for (Waiter w : chosen) {
                waiting.remove(w.grant().participantId());
                MeetingRole role = MeetingRole.fromWire(w.grant().meetingRole());
                Admission.Admitted a = admit(w.grant(), w.clientAddress(), w.link(), role, out);
                out.run(() -> w.link().admission(a));
                admitted.add(w.grant().participantId());
            }
            notifyModerators(out);
        }
        out.flush();
        return admitted;
    }

    public void denyWaiting(String actorId, String participantId) {
        Outbox out = new Outbox();
        synchronized (this) {
            requireModerator(actorId);
            Waiter w = waiting.remove(participantId);
            if (w == null) {
                throw new ModerationException(ErrorCode.NOT_FOUND, "Nobody with that id is waiting");
            }
            out.run(() -> w.link().admission(new Admission.Refused(ErrorCode.DENIED, "The host did not let you in")));
            notifyModerators(out);
        }
        out.flush();
    }

    /** Stops forwarding {@code source} ("microphone", "camera", "screen") of one participant. */
    public void block(String actorId, String targetId, String source) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member actor = requireModerator(actorId);
            Member target = requireTarget(actor, targetId);
            blockUnder(target, source, actor.displayName, out);
        }
        out.flush();
    }

    /** Mutes every participant who is not a moderator; {@code allowUnmute} updates the policy. */
    public void muteAll(String actorId, Boolean allowUnmute) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member actor = requireModerator(actorId);
            if (allowUnmute != null && allowUnmute != policy.allowUnmute()) {
                setPolicyUnder(policy.with(new RoomPolicy.PolicyChange(null, allowUnmute, null, null, null, null, null, null,
                        null)), out);
            }
            for (Member m : members.values()) {
                if (!m.role.canModerate()) {
                    blockUnder(m, "microphone", actor.displayName, out);
                }
            }
        }
        out.flush();
    }

    private void blockUnder(Member target, String source, String byName, Outbox out) {
        if (target.blocked.add(source)) {
            out.send(target.link, new RoomEvent.MediaBlocked(source, true, byName));
            for (var e : target.tracks.entrySet()) {
                if (e.getValue().source().equals(source) && !e.getValue().muted()) {
                    e.setValue(e.getValue().withMuted(true));
                    var ev = new RoomEvent.TrackMuted(target.grant.participantId(), e.getKey(), source, true);
                    members.values().forEach(x -> out.send(x.link, ev));
                }
            }
        }
    }

    public void askToUnmute(String actorId, String targetId) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member actor = requireModerator(actorId);
            Member target = requireTarget(actor, targetId);
            out.send(target.link, new RoomEvent.UnmuteRequested(actor.displayName));
        }
        out.flush();
    }

    /**
     * Removes a participant; with {@code ban} they (or, for guests, their address) cannot come back
     * for the rest of the meeting. The ban is in the database before anyone is told of it.
     */
    public void remove(String actorId, String targetId, boolean ban) {
        Outbox out = new Outbox();
        List<BanSubject> bans = List.of();
        String bannedName = null;
        synchronized (this) {
            Member actor = requireModerator(actorId);
            Member target = requireTarget(actor, targetId);
            if (ban) {
                bans = BanSubject.of(target.grant, target.clientAddress);
                bannedName = target.displayName;
                banned.addAll(bans);
            }
            members.remove(targetId);
            out.send(target.link, new RoomEvent.Removed(actor.displayName, ban));
            out.run(() -> target.link.disconnect("removed"));
            var left = new RoomEvent.ParticipantLeft(targetId, "removed");
            members.values().forEach(x -> out.send(x.link, left));
        }
        try {
            if (!bans.isEmpty()) {
                records.ban(meetingId, bans, bannedName, actorId);
            }
        } finally {
            out.flush();
        }
    }

    public void rename(String actorId, String targetId, String displayName) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member actor = requireModerator(actorId);
            Member target = actorId.equals(targetId) ? actor : requireTarget(actor, targetId);
            target.displayName = displayName;
            var ev = new RoomEvent.ParticipantRenamed(targetId, displayName);
            members.values().forEach(x -> out.send(x.link, ev));
        }
        out.flush();
    }

    /** Only the host makes or unmakes co-hosts, or hands host over. */
    public void setRole(String actorId, String targetId, MeetingRole role) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member actor = member(actorId);
            if (actor.role != MeetingRole.HOST) {
                throw new ModerationException(ErrorCode.FORBIDDEN, "Only the host can change roles");
            }
            Member target = members.get(targetId);
            if (target == null || target == actor) {
                throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
            }
            if (role == MeetingRole.HOST) {
                actor.role = MeetingRole.COHOST;
                var ev = new RoomEvent.RoleChanged(actorId, MeetingRole.COHOST.wire());
                members.values().forEach(x -> out.send(x.link, ev));
            }
            target.role = role;
            var ev = new RoomEvent.RoleChanged(targetId, role.wire());
            members.values().forEach(x -> out.send(x.link, ev));
            if (policy.webinar()) {
                // A webinar viewer sends nothing: demotion holds their media back, promotion frees it.
                for (String source : List.of("microphone", "camera", "screen")) {
                    if (!role.canPresent()) {
                        blockUnder(target, source, actor.displayName, out);
                    } else if (target.blocked.remove(source)) {
                        out.send(target.link, new RoomEvent.MediaBlocked(source, false, actor.displayName));
                    }
                }
            }
            if (role.canModerate()) {
                out.send(target.link, new RoomEvent.WaitingRoomChanged(waiting.values().stream().map(Waiter::view).toList()));
            }
        }
        out.flush();
    }

    public RoomPolicy setPolicy(String actorId, RoomPolicy.PolicyChange change) {
        Outbox out = new Outbox();
        RoomPolicy result;
        synchronized (this) {
            requireModerator(actorId);
            setPolicyUnder(policy.with(change), out);
            result = policy;
        }
        out.flush();
        return result;
    }

    private void setPolicyUnder(RoomPolicy next, Outbox out) {
        if (next.equals(policy)) {
            return;
        }
        boolean waitingTurnedOff = policy.waitingRoom() && !next.waitingRoom();
        policy = next;
        var ev = new RoomEvent.PolicyChanged(policy);
        members.values().forEach(x -> out.send(x.link, ev));
        if (!policy.screenShareAllowed()) {
            for (Member m : members.values()) {
                if (!m.role.canModerate()) {
                    blockUnder(m, "screen", "the host", out);
                }
            }
        }
        if (waitingTurnedOff) {
            // Turning the waiting room off lets everyone waiting in.
            for (Waiter w : new ArrayList<>(waiting.values())) {
                waiting.remove(w.grant().participantId());
                Admission.Admitted a = admit(w.grant(), w.clientAddress(), w.link(), MeetingRole.fromWire(w.grant().meetingRole()), out);
                out.run(() -> w.link().admission(a));
            }
            notifyModerators(out);
        }
    }


    // ---- the participant's own media ----------------------------------------------------------

    /** May this participant publish a track of {@code source}? (Screen sharing can be restricted.) */
    public synchronized boolean mayPublish(String participantId, String source) {
        Member m = members.get(participantId);
        if (m == null) {
            return false;
        }
        if (policy.webinar() && !m.role.canPresent()) {
            return false;
        }
        if (source.startsWith("screen") && !policy.screenShareAllowed() && !m.role.canModerate()) {
            return false;
        }
        return true;
    }

    /** Whether the server must hold back this participant's {@code source}. */
    public synchronized boolean isBlocked(String participantId, String source) {
        Member m = members.get(participantId);
        return m != null && m.blocked.contains(source);
    }

    public void publish(String participantId, TrackInfo track) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null) {
                return;
            }
            TrackInfo t = m.blocked.contains(track.source()) ? track.withMuted(true) : track;
            m.tracks.put(track.trackId(), t);
            var ev = new RoomEvent.TrackPublished(participantId, t);
            members.values().stream().filter(x -> x != m).forEach(x -> out.send(x.link, ev));
        }
        out.flush();
    }

    public void unpublish(String participantId, String trackId) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null || m.tracks.remove(trackId) == null) {
                return;
            }
            var ev = new RoomEvent.TrackUnpublished(participantId, trackId);
            members.values().stream().filter(x -> x != m).forEach(x -> out.send(x.link, ev));
        }
        out.flush();
    }

    /**
     * The participant muted or unmuted their own {@code source}. Unmuting what a host muted is
     * refused unless the policy allows it (moderators always may).
     */
    public void setMuted(String participantId, String source, boolean muted) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member m = member(participantId);
            if (!muted && m.blocked.contains(source)) {
                boolean allowed = m.role.canModerate() || (policy.allowUnmute() && !source.startsWith("screen"));
                if (!allowed) {
                    throw new ModerationException(ErrorCode.UNMUTE_NOT_ALLOWED, "The host has not allowed you to unmute");
                }
                m.blocked.remove(source);
                out.send(m.link, new RoomEvent.MediaBlocked(source, false, m.displayName));
            }
            for (var e : m.tracks.entrySet()) {
                if (e.getValue().source().equals(source) && e.getValue().muted() != muted) {
                    e.setValue(e.getValue().withMuted(muted));
                    var ev = new RoomEvent.TrackMuted(participantId, e.getKey(), source, muted);
                    members.values().forEach(x -> out.send(x.link, ev));
                }
            }
        }
        out.flush();
    }

    // ---- chat ----------------------------------------------------------------------------------

    /**
     * Sends a chat message to everyone, or privately to {@code to}. A private message reaches
     * only its sender and recipient; public messages are kept for late joiners.
     */
    public ChatMessage chat(String fromId, String to, String text) {
        Outbox out = new Outbox();
        ChatMessage msg;
        synchronized (this) {
            Member from = member(fromId);
            if (text == null || text.isBlank()) {
                throw new ModerationException(ErrorCode.INVALID_FIELD, "chat.text must not be empty");
            }
            if (text.length() > MAX_CHAT_LENGTH) {
                throw new ModerationException(ErrorCode.INVALID_FIELD, "chat.text is longer than " + MAX_CHAT_LENGTH + " characters");
            }
            if (!policy.chatEnabled() && !from.role.canModerate()) {
                throw new ModerationException(ErrorCode.CHAT_DISABLED, "The host has turned chat off");
            }
            msg = new ChatMessage(UUID.randomUUID().toString(), fromId, from.displayName, to, text.strip(), clock.instant());
            var ev = new RoomEvent.Chat(msg);
            if (to != null) {
                Member target = members.get(to);
                if (target == null || target == from) {
                    throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant to write to");
                }
                boolean toModerator = target.role.canModerate() || from.role.canModerate();
                if (!policy.privateChatEnabled() && !toModerator) {
                    throw new ModerationException(ErrorCode.PRIVATE_CHAT_DISABLED, "The host has turned private messages off");
                }
                out.send(from.link, ev);
                out.send(target.link, ev);
            } else {
                history.addLast(msg);
                while (history.size() > CHAT_HISTORY) {
                    history.removeFirst();
                }
                members.values().forEach(x -> out.send(x.link, ev));
            }
        }
        out.flush();
        return msg;
    }

    // ---- raised hands and reactions -------------------------------------------------------------

    /**
     * Raises or lowers a hand. Anyone may lower their own; moderators may lower anyone's
     * ({@code targetId} not null). The queue keeps the order hands went up.
     */
    public void setHand(String actorId, String targetId, boolean raised) {
        Outbox out = new Outbox();
        synchronized (this) {
            Member actor = member(actorId);
            String who = targetId == null ? actorId : targetId;
            if (!who.equals(actorId)) {
                if (raised || !actor.role.canModerate()) {
                    throw new ModerationException(ErrorCode.FORBIDDEN, "Only a host can lower someone else's hand");
                }
                if (!members.containsKey(who)) {
                    throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
                }
            }
            boolean changed = raised ? hands.add(who) : hands.remove(who);
            if (changed) {
                broadcastHands(out);
            }
        }
        out.flush();
    }

    public synchronized List<String> raisedHands() {
        return List.copyOf(hands);
    }

    private void broadcastHands(Outbox out) {
        var ev = new RoomEvent.HandQueue(List.copyOf(hands));
        members.values().forEach(x -> out.send(x.link, ev));
    }

    /** An emoji reaction, at most two per second per participant. */
    public void react(String participantId, String emoji) {
        Outbox out = new Outbox();
        synchronized (this) {
            member(participantId);
            if (emoji == null || !REACTIONS.contains(emoji)) {
                throw new ModerationException(ErrorCode.INVALID_FIELD, "Unknown reaction");
            }
            Instant now = clock.instant();
            Instant last = lastReaction.get(participantId);
            if (last != null && now.isBefore(last.plusMillis(500))) {
                throw new ModerationException(ErrorCode.RATE_LIMITED, "Slow down");
            }
            lastReaction.put(participantId, now);
            var ev = new RoomEvent.Reaction(participantId, emoji);
            members.values().forEach(x -> out.send(x.link, ev));
        }
        out.flush();
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    /** Ends the meeting: everyone (waiting too) is told and disconnected. */
    public void end(String reason) {
        List<ParticipantLink> all = new ArrayList<>();
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            members.values().forEach(m -> all.add(m.link));
            waiting.values().forEach(w -> all.add(w.link()));
            members.clear();
            waiting.clear();
        }
        var event = new RoomEvent.MeetingEnded(reason);
        for (ParticipantLink l : all) {
            l.deliver(event);
            l.disconnect("ended");
        }
    }

    /** The meeting's settings changed in the database (waiting room, mute on entry). */
    public void settingsChanged(Settings s) {
        Outbox out = new Outbox();
        synchronized (this) {
            setPolicyUnder(policy.with(new RoomPolicy.PolicyChange(null, null, null, null, null, null, s.waitingRoom(),
                    s.muteOnEntry(), s.webinar())), out);
        }
        out.flush();
    }

    public synchronized List<ParticipantView> participants() {
        return members.values().stream().map(Member::view).sorted(Comparator.comparing(ParticipantView::joinedAt)).toList();
    }

    public synchronized Optional<ParticipantView> participant(String id) {
        return Optional.ofNullable(members.get(id)).map(Member::view);
    }

    public synchronized Optional<String> roleOf(String id) {
        return Optional.ofNullable(members.get(id)).map(m -> m.role.wire());
    }

    public synchronized List<WaitingEntrant> waitingRoom() {
        return waiting.values().stream().map(Waiter::view).toList();
    }

    /** Records the recording state and tells everyone in the room. */
    public void setRecording(RecordingStatus status) {
        Outbox out = new Outbox();
        synchronized (this) {
            recording = status;
            var ev = new RoomEvent.RecordingChanged(status);
            members.values().forEach(x -> out.send(x.link, ev));
        }
        out.flush();
    }

    public synchronized RecordingStatus recording() {
        return recording;
    }

    /** Throws unless the participant is host or co-host (who may record, or end the meeting for everyone). */
    public synchronized void requireModeratorRole(String actorId) {
        requireModerator(actorId);
    }

    public synchronized RoomPolicy policy() {
        return policy;
    }

    public synchronized boolean isEmpty() {
        return members.isEmpty() && waiting.isEmpty();
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    private Member member(String id) {
        Member m = members.get(id);
        if (m == null) {
            throw new ModerationException(ErrorCode.NOT_JOINED, "You are not in this meeting");
        }
        return m;
    }

    private Member requireModerator(String actorId) {
        Member actor = member(actorId);
        if (!actor.role.canModerate()) {
            throw new ModerationException(ErrorCode.FORBIDDEN, "Only the host or a co-host can do that");
        }
        return actor;
    }

    /** The target of a moderation action: present, not the actor, and not more senior than them. */
    private Member requireTarget(Member actor, String targetId) {
        Member target = members.get(targetId);
        if (target == null) {
            throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
        }
        if (target == actor) {
            throw new ModerationException(ErrorCode.INVALID_TARGET, "Use your own controls for yourself");
        }
        if (target.role == MeetingRole.HOST || (target.role == MeetingRole.COHOST && actor.role != MeetingRole.HOST)) {
            throw new ModerationException(ErrorCode.FORBIDDEN, "You cannot do that to the " + target.role.wire());
        }
        return target;
    }

    private void notifyModerators(Outbox out) {
        var ev = new RoomEvent.WaitingRoomChanged(waiting.values().stream().map(Waiter::view).toList());
        members.values().stream().filter(m -> m.role.canModerate()).forEach(m -> out.send(m.link, ev));
    }
}
