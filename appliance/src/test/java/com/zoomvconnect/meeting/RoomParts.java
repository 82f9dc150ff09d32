package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.meeting.RoomFakes.RecordingLink;
import com.zoomvconnect.testing.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The room's collaborators wired as {@link Room} wires them, without its monitor or database:
 * each test drives one collaborator and reads what the fake links were told.
 */
final class RoomParts {
    static final String OWNER = "olga";

    final ManualClock clock = RoomFakes.clock();
    final Roster roster;
    final MediaRules media;
    final Roles roles;
    final Chat chat;
    final Hands hands;
    final RecordingState recording;
    final CaptionState captions;
    final Entrance entrance;
    final Moderation moderation;
    final Map<String, RecordingLink> links = new HashMap<>();

    RoomParts(RoomPolicy policy) {
        roster = new Roster(policy);
        media = new MediaRules(roster);
        roles = new Roles(OWNER, roster, media);
        chat = new Chat(roster, clock);
        hands = new Hands(roster, clock);
        recording = new RecordingState(roster);
        captions = new CaptionState(roster);
        entrance = new Entrance(roster, roles, clock, e -> new Admission.Admitted(e.member().role.wire(), e.others(),
                roster.policy(), chat.history(), e.startMuted(), hands.queue(), recording.status(),
                captions.view(e.member().id())));
        moderation = new Moderation(roster, media, entrance);
    }

    RoomParts() {
        this(RoomPolicy.initial(false, false, false));
    }

    /** {@code grant} arrives on a new link; a second passes on the clock so arrival order is clear. */
    Admission enter(JoinGrant grant) {
        clock.advance(Duration.ofSeconds(1));
        var link = new RecordingLink();
        links.put(grant.participantId(), link);
        return act(out -> entrance.enter(grant, BanSubject.of(grant, "192.0.2.1"), "192.0.2.1", link, out));
    }

    /** Enters and checks the entrant is in; then forgets what the links were told so far. */
    RecordingLink in(JoinGrant grant) {
        if (!(enter(grant) instanceof Admission.Admitted)) {
            throw new AssertionError(grant.participantId() + " was not admitted");
        }
        links.values().forEach(RecordingLink::clear);
        return links.get(grant.participantId());
    }

    RecordingLink link(String id) {
        return links.get(id);
    }

    Member member(String id) {
        return roster.get(id);
    }

    /** Runs a collaborator's decision and delivers what it decided, as the room does after its monitor. */
    <T> T act(java.util.function.Function<RoomOutbox, T> decision) {
        RoomOutbox out = new RoomOutbox();
        T result = decision.apply(out);
        out.flush();
        return result;
    }

    void run(java.util.function.Consumer<RoomOutbox> decision) {
        act(out -> {
            decision.accept(out);
            return null;
        });
    }

    static TrackInfo track(String id, com.zoomvconnect.media.TrackSource source) {
        return new TrackInfo(id, source.isAudio() ? "audio" : "video", source, false);
    }

    static List<String> ids(List<ParticipantView> views) {
        return views.stream().map(ParticipantView::id).toList();
    }
}
