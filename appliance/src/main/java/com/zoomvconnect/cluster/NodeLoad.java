package com.zoomvconnect.cluster;

/**
 * What a node reports at each heartbeat, read from the live meetings and the media plane (the same
 * figures {@code /metrics} exposes as {@code zvc_sfu_rooms} and the SFU's packet counters).
 *
 * @param participants    people in this node's live meetings
 * @param meetings        live meetings on this node
 * @param mediaRooms      SFU rooms with media
 * @param packetsOutTotal RTP packets the SFU has sent since it started (the heartbeat turns it into a rate)
 */
public record NodeLoad(int participants, int meetings, int mediaRooms, long packetsOutTotal) {
    public static final NodeLoad IDLE = new NodeLoad(0, 0, 0, 0);
}
