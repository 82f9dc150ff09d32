package com.zoomvconnect.signal;

import java.util.List;

/**
 * The ICE servers (TURN, with short-lived credentials) a participant is offered in its welcome.
 * The appliance implements it over its TURN server; signaling only passes the result on.
 */
@FunctionalInterface
public interface IceServers {
    /** Offers none: clients use host candidates only. */
    IceServers NONE = (participantId, requestHost) -> List.of();

    /**
     * @param participantId whom the credentials are for (a quota counts per participant)
     * @param requestHost   the Host header of the signaling request, blank if there was none
     */
    List<ServerMessage.IceServer> issue(String participantId, String requestHost);
}
