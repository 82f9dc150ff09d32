package com.zoomvconnect.meeting;

/**
 * What hosts allow in a live meeting.
 *
 * @param locked             no new participants may enter (hosts and the owner still can)
 * @param allowUnmute        attendees muted by a host may unmute themselves
 * @param screenShareAllowed attendees may share their screen
 * @param chatEnabled        chat is open
 * @param privateChatEnabled private messages between attendees are allowed
 * @param membersSkipWaiting signed-in members of this server bypass the waiting room
 * @param waitingRoom        entrants wait for a host's admission
 * @param muteOnEntry        entrants join with their microphone muted
 * @param webinar            only hosts, co-hosts and panelists send media; attendees watch
 * @param e2ee               media is encrypted end to end in the browsers; fixed for the meeting's life
 * @param recordingAllowed   the meeting may be recorded (administrators' default when it was created); fixed for its life
 */
public record RoomPolicy(boolean locked, boolean allowUnmute, boolean screenShareAllowed, boolean chatEnabled,
                         boolean privateChatEnabled, boolean membersSkipWaiting, boolean waitingRoom, boolean muteOnEntry,
                         boolean webinar, boolean e2ee, boolean recordingAllowed) {

    public static RoomPolicy initial(boolean waitingRoom, boolean muteOnEntry, boolean webinar) {
        return initial(waitingRoom, muteOnEntry, webinar, false);
    }

    public static RoomPolicy initial(boolean waitingRoom, boolean muteOnEntry, boolean webinar, boolean e2ee) {
        return initial(waitingRoom, muteOnEntry, webinar, e2ee, true);
    }

    public static RoomPolicy initial(boolean waitingRoom, boolean muteOnEntry, boolean webinar, boolean e2ee,
                                     boolean recordingAllowed) {
        return new RoomPolicy(false, true, true, true, true, false, waitingRoom, muteOnEntry, webinar, e2ee, recordingAllowed);
    }

    /** Applies the non-null fields of a change. */
    public RoomPolicy with(PolicyChange c) {
        return new RoomPolicy(
                c.locked() != null ? c.locked() : locked,
                c.allowUnmute() != null ? c.allowUnmute() : allowUnmute,
                c.screenShareAllowed() != null ? c.screenShareAllowed() : screenShareAllowed,
                c.chatEnabled() != null ? c.chatEnabled() : chatEnabled,
                c.privateChatEnabled() != null ? c.privateChatEnabled() : privateChatEnabled,
                c.membersSkipWaiting() != null ? c.membersSkipWaiting() : membersSkipWaiting,
                c.waitingRoom() != null ? c.waitingRoom() : waitingRoom,
                c.muteOnEntry() != null ? c.muteOnEntry() : muteOnEntry,
                c.webinar() != null ? c.webinar() : webinar,
                e2ee, recordingAllowed);
    }

    /** A requested change; null fields stay as they are. */
    public record PolicyChange(Boolean locked, Boolean allowUnmute, Boolean screenShareAllowed, Boolean chatEnabled,
                               Boolean privateChatEnabled, Boolean membersSkipWaiting, Boolean waitingRoom,
                               Boolean muteOnEntry, Boolean webinar) {
    }
}
