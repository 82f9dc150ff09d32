package com.zoomvconnect.meeting;

import java.util.List;
import java.util.Optional;

/**
 * Which node hosts a live meeting (all its rooms: breakouts move people between SFU rooms of one
 * node). On a single site it is always this one; in a cluster, the node holding the meeting's lease.
 */
public interface MeetingPlacement {
    /** A single site: every meeting is hosted here, and there is no other node to name. */
    MeetingPlacement SINGLE_NODE = new MeetingPlacement() {
        @Override
        public Optional<HostingNode> place(String meetingId) {
            return Optional.empty();
        }

        @Override
        public Optional<HostingNode> hostOf(String meetingId) {
            return Optional.empty();
        }

        @Override
        public List<HostingNode> otherNodes() {
            return List.of();
        }
    };

    /**
     * The node that hosts {@code meetingId}, placing the meeting (least loaded live node) when no
     * live node holds it yet. Empty on a single site.
     */
    Optional<HostingNode> place(String meetingId);

    /** The live node holding {@code meetingId} now, without placing it; empty on a single site or when none does. */
    Optional<HostingNode> hostOf(String meetingId);

    /** The other live nodes of the cluster (each hosts its own meetings); empty on a single site. */
    List<HostingNode> otherNodes();

    /**
     * Cascading: the node a new attendee of {@code meetingId}, hosted on {@code origin}, is sent to
     * instead of the origin — the least loaded other live node once the origin has
     * {@code cluster.cascade.threshold} participants; empty when the origin takes them (cascading
     * off, the origin not that busy, no other node alive). Only for attendees that
     * {@link EdgeRelays#relayable} allows.
     */
    default Optional<HostingNode> edgeFor(String meetingId, HostingNode origin) {
        return Optional.empty();
    }

    /** This node's name ({@code cluster.node-id}); empty on a single site. */
    default Optional<String> thisNode() {
        return Optional.empty();
    }

    /**
     * A node that hosts a meeting.
     *
     * @param nodeId    its name ({@code cluster.node-id})
     * @param url       the https:// base URL clients reach it at
     * @param local     whether it is the node answering
     * @param tlsSha256 the SHA-256 (hex) of the certificate it serves, which another node forwarding a
     *                  request to it trusts; null when it did not say (an older version)
     */
    record HostingNode(String nodeId, String url, boolean local, String tlsSha256) {
    }
}
