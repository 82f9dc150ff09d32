package com.zoomvconnect.media.sfu;

/** The SFU as signaling sees it: gives each participant of a room their media side. */
public interface MediaEngine {
    /**
     * Creates the media side of a participant in SFU room {@code roomId}: a publish connection
     * (client offers) and a subscribe connection (server offers), both over the shared media
     * port. The room id is the room's own identity (a meeting's main room, or a breakout); the
     * session can later move to another room ({@link ParticipantMedia#moveTo}).
     */
    ParticipantMedia join(String roomId, String participantId, MediaListener listener);
}
