package com.zoomvconnect.cluster;

import java.time.Instant;

/**
 * A node as the shared database knows it.
 *
 * @param nodeId          its name
 * @param url             the https:// base URL clients reach it at
 * @param capacity        participants it is sized for
 * @param participants    people in its live meetings at its last heartbeat
 * @param meetings        its live meetings at its last heartbeat
 * @param mediaRooms      its SFU rooms with media at its last heartbeat
 * @param packetsOutPerSecond RTP packets a second its SFU sent between its last two heartbeats
 * @param leases          meetings placed on it
 * @param startedAt       when it (last) registered
 * @param heartbeatAt     its last heartbeat, on the database's clock
 * @param alive           whether that heartbeat is recent enough (within {@code cluster.node-timeout})
 * @param version         the version it runs; null for a node of a version that does not say
 * @param heartbeatAgeMillis how long ago its last heartbeat was, on the database's clock
 */
public record ClusterNode(String nodeId, String url, int capacity, int participants, int meetings, int mediaRooms,
                          long packetsOutPerSecond, int leases, Instant startedAt, Instant heartbeatAt, boolean alive,
                          String version, long heartbeatAgeMillis) {
}
