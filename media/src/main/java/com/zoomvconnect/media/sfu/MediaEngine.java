package com.zoomvconnect.media.sfu;

/** The SFU as signaling sees it: gives each participant of a room their media side. */
public interface MediaEngine {
    /**
     * Creates the media side of a participant: a publish connection (client offers) and a
     * subscribe connection (server offers), both over the shared media port.
     */
    ParticipantMedia join(String roomId, String participantId, MediaListener listener);
}
