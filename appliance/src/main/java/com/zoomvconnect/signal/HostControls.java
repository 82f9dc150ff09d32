package com.zoomvconnect.signal;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.meeting.CaptionControl;
import com.zoomvconnect.meeting.MeetingRole;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.meeting.ModerationException;
import com.zoomvconnect.meeting.ParticipantView;
import com.zoomvconnect.meeting.RecordingControl;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.meeting.RoomPolicy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host controls arriving on a signaling socket: each becomes a room action (which checks the
 * sender's role and refuses otherwise) and, when it succeeds, an audit log entry.
 */
final class HostControls {
    private static final Logger LOG = LoggerFactory.getLogger(HostControls.class);

    private final MeetingService meetings;
    private final ModerationAudit audit;

    private final RecordingControl recordings;

    HostControls(MeetingService meetings, ModerationAudit audit, RecordingControl recordings) {
        this.meetings = meetings;
        this.audit = audit;
        this.recordings = recordings;
    }

    void apply(SignalConnection connection, Room room, JoinGrant grant, ClientMessage message) {
        String me = grant.participantId();
        String target = null;
        String detail = null;
        String action;
        String targetName = null;
        switch (message) {
            case ClientMessage.Admit m -> {
                action = "admit";
                target = m.participantId();
                targetName = waitingName(room, target);
                room.admitWaiting(me, required(target, "participantId"));
            }
            case ClientMessage.AdmitAll m -> {
                action = "admit_all";
                List<String> admitted = room.admitWaiting(me, null);
                detail = admitted.size() + " admitted";
            }
            case ClientMessage.Deny m -> {
                action = "deny";
                target = m.participantId();
                targetName = waitingName(room, target);
                room.denyWaiting(me, required(target, "participantId"));
            }
            case ClientMessage.MuteParticipant m -> {
                action = "mute";
                target = m.participantId();
                targetName = name(room, target);
                room.block(me, required(target, "participantId"), TrackSource.MICROPHONE);
            }
            case ClientMessage.MuteAll m -> {
                action = "mute_all";
                room.muteAll(me, m.allowUnmute());
                detail = m.allowUnmute() == null ? null : "allowUnmute=" + m.allowUnmute();
            }
            case ClientMessage.AskUnmute m -> {
                action = "ask_unmute";
                target = m.participantId();
                targetName = name(room, target);
                room.askToUnmute(me, required(target, "participantId"));
            }
            case ClientMessage.StopVideo m -> {
                action = "stop_video";
                target = m.participantId();
                targetName = name(room, target);
                room.block(me, required(target, "participantId"), TrackSource.CAMERA);
            }
            case ClientMessage.StopScreenShare m -> {
                action = "stop_screen_share";
                target = m.participantId();
                targetName = name(room, target);
                room.block(me, required(target, "participantId"), TrackSource.SCREEN);
            }
            case ClientMessage.Remove m -> {
                action = m.ban() ? "remove_and_ban" : "remove";
                target = m.participantId();
                targetName = name(room, target);
                room.remove(me, required(target, "participantId"), m.ban());
            }
            case ClientMessage.Rename m -> {
                action = "rename";
                target = m.participantId();
                targetName = name(room, target);
                String newName = displayName(m.displayName());
                room.rename(me, required(target, "participantId"), newName);
                detail = "to " + newName;
            }
            case ClientMessage.SetRole m -> {
                action = "set_role";
                target = m.participantId();
                targetName = name(room, target);
                MeetingRole role = switch (m.role() == null ? "" : m.role()) {
                    case "host" -> MeetingRole.HOST;
                    case "cohost" -> MeetingRole.COHOST;
                    case "panelist" -> MeetingRole.PANELIST;
                    case "attendee" -> MeetingRole.ATTENDEE;
                    default -> throw new SignalException(ErrorCode.INVALID_FIELD, "setRole.role must be host, cohost, panelist or attendee");
                };
                room.setRole(me, required(target, "participantId"), role);
                detail = "to " + role.wire();
            }
            case ClientMessage.SetPolicy m -> {
                action = "set_policy";
                RoomPolicy p = room.setPolicy(me, new RoomPolicy.PolicyChange(m.locked(), m.allowUnmute(),
                        m.screenShareAllowed(), m.chatEnabled(), m.privateChatEnabled(), m.membersSkipWaiting(),
                        m.waitingRoom(), m.muteOnEntry(), m.webinar()));
                detail = p.toString();
            }
            case ClientMessage.Recording m -> {
                action = m.on() ? "start_recording" : "stop_recording";
                room.requireModeratorRole(me);
                if (m.on() && room.policy().e2ee()) {
                    throw new ModerationException(ErrorCode.E2EE_NO_RECORDING,
                            "This meeting is end-to-end encrypted: the server cannot record or transcribe it");
                }
                if (m.on() && !room.policy().recordingAllowed()) {
                    throw new ModerationException(ErrorCode.RECORDING_NOT_ALLOWED, "Recording is turned off for this meeting: "
                            + "it was created while the administrators did not allow recording");
                }
                if (recordings == null) {
                    throw new ModerationException(ErrorCode.RECORDING_UNAVAILABLE, "Recording is not available on this server");
                }
                if (m.on()) {
                    String by = room.participant(me).map(ParticipantView::displayName).orElse(grant.displayName());
                    detail = recordings.start(grant.meetingId(), by).recordingId();
                } else {
                    recordings.stop(grant.meetingId());
                }
            }
            case ClientMessage.EndMeeting m -> {
                action = "end_meeting";
                room.requireModeratorRole(me);
                meetings.endLive(grant.meetingId(), me);
            }
            default -> throw new SignalException(ErrorCode.UNKNOWN_TYPE, "Not a host control");
        }
        recordAudit(audit, room, grant, action, target, targetName, detail);
    }

    /**
     * Live captions: a host turns them on or off for the meeting (refused when end-to-end encrypted:
     * the server never hears such a meeting), anyone shows or hides them for themselves. Captions
     * are of the main room.
     */
    void captions(Room main, JoinGrant grant, ClientMessage.Captions message) {
        String me = grant.participantId();
        if (message.enabled() != null && message.enabled() != main.captionsOn()) {
            main.requireModeratorRole(me);
            if (message.enabled() && main.policy().e2ee()) {
                throw new ModerationException(ErrorCode.E2EE_NO_CAPTIONS,
                        "This meeting is end-to-end encrypted: the server cannot hear it, so it cannot caption it");
            }
            CaptionControl control = recordings == null ? null : recordings.captions();
            if (control == null) {
                throw new ModerationException(ErrorCode.CAPTIONS_UNAVAILABLE, "Live captions are not available on this server");
            }
            String by = main.participant(me).map(ParticipantView::displayName).orElse(grant.displayName());
            if (message.enabled()) {
                control.start(grant.meetingId(), by);
            } else {
                control.stop(grant.meetingId());
            }
            recordAudit(audit, main, grant, message.enabled() ? "start_captions" : "stop_captions", null, null, null);
        }
        if (message.show() != null) {
            main.showCaptions(me, message.show());
        }
    }

    /** Writes an audit entry for an action that took effect; shared with {@link BreakoutControls}. */
    static void recordAudit(ModerationAudit audit, Room room, JoinGrant grant, String action, String target,
                            String targetName, String detail) {
        String me = grant.participantId();
        String actorName = room.participant(me).map(ParticipantView::displayName).orElse(grant.displayName());
        try {
            audit.record(grant.meetingId(), me, actorName, action, target, targetName, detail);
        } catch (RuntimeException e) {
            // The action took effect; a failing audit write is logged, not turned into a client error.
            LOG.error("Could not record {} in the audit log of meeting {}", action, grant.meetingId(), e);
        }
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new SignalException(ErrorCode.INVALID_FIELD, field + " is required");
        }
        return value;
    }

    private static String name(Room room, String id) {
        return id == null ? null : room.participant(id).map(ParticipantView::displayName).orElse(null);
    }

    private static String waitingName(Room room, String id) {
        return room.waitingRoom().stream().filter(w -> w.id().equals(id)).map(w -> w.displayName()).findFirst().orElse(null);
    }

    static String displayName(String name) {
        if (name == null || name.isBlank()) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "displayName is required");
        }
        String n = name.strip();
        if (n.length() > 100 || n.chars().anyMatch(Character::isISOControl)) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "displayName must be 1-100 printable characters");
        }
        return n;
    }
}
