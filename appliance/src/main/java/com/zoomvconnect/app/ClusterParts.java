package com.zoomvconnect.app;

import com.zoomvconnect.cluster.Cluster;
import com.zoomvconnect.cluster.ClusterNode;
import com.zoomvconnect.cluster.Membership;
import com.zoomvconnect.cluster.NodeLoad;
import com.zoomvconnect.cluster.Placement;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.Transactions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the appliance takes part in a cluster: opens the bus, then joins once it listens (see docs/cluster.md). */
final class ClusterParts {
    private ClusterParts() {
    }

    static Cluster open(AppConfig config, Database db) {
        try {
            return Cluster.open(db, config.cluster(), Transactions::active);
        } catch (RuntimeException e) {
            String on = switch (config.cluster().backend()) {
                case POSTGRES -> "PostgreSQL";
                case REDIS -> "Redis";
            };
            throw new BadConfigException("Cannot start the cluster bus on " + on + ": " + Parts.rootMessage(e));
        }
    }

    /** Registers this node, with the load the media plane and the live meetings report. */
    static void join(Cluster cluster, AppConfig config, int httpsPort, TlsMaterial tls, LiveMeetings live, Sfu sfu,
                     EdgeRelays edges) {
        try {
            // A cascaded meeting's room on its edge is not this node's to lease or hand over: the origin holds it.
            cluster.join(advertisedUrl(config, httpsPort), Secrets.tokenKey(config.dataDir()), certificateSha256(tls),
                    () -> new NodeLoad(live.participantCount(), live.all().size(), sfu.roomCount(), sfu.counters().rtpOut.sum()),
                    () -> liveIds(live).stream().filter(id -> !edges.serves(id)).toList(), config.auth().joinTokenTtl(),
                    live::handOver);
        } catch (IllegalStateException e) {
            throw new BadConfigException("Cannot join the cluster: " + e.getMessage());
        }
    }

    /** The cluster as {@code zvc-admin status} shows it: this node, every node the database knows, the bus's counters. */
    static Map<String, Object> status(Cluster cluster) {
        var m = new LinkedHashMap<String, Object>();
        m.put("node", cluster.config().nodeId());
        m.put("heartbeatIntervalMillis", cluster.config().heartbeat().toMillis());
        m.put("nodeTimeoutMillis", cluster.config().nodeTimeout().toMillis());
        Membership membership = cluster.membership();
        if (membership != null) {
            m.put("url", membership.url());
            try {
                var nodes = new ArrayList<Map<String, Object>>();
                for (ClusterNode n : membership.nodes()) {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("node", n.nodeId());
                    row.put("url", n.url());
                    row.put("alive", n.alive());
                    row.put("participants", n.participants());
                    row.put("meetings", n.meetings());
                    row.put("mediaRooms", n.mediaRooms());
                    row.put("leases", n.leases());
                    row.put("capacity", n.capacity());
                    row.put("packetsOutPerSecond", n.packetsOutPerSecond());
                    row.put("heartbeatAt", n.heartbeatAt().toString());
                    row.put("heartbeatAgeMillis", n.heartbeatAgeMillis());
                    row.put("version", n.version());
                    nodes.add(row);
                }
                m.put("nodes", nodes);
                var placed = new ArrayList<Map<String, Object>>();
                for (Placement.Lease l : cluster.placement().leases()) {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("meeting", l.meetingId());
                    row.put("title", l.title());
                    row.put("code", l.code());
                    row.put("node", l.nodeId());
                    row.put("placedAt", l.placedAt().toString());
                    placed.add(row);
                }
                m.put("placements", placed);
            } catch (RuntimeException e) {
                m.put("nodesError", Parts.rootMessage(e));
            }
            m.put("failedHeartbeats", membership.failedHeartbeats());
        }
        m.put("busBackend", cluster.config().backend().wire());
        m.put("busListening", cluster.busListening());
        m.put("bus", cluster.busCounters());
        return m;
    }

    /** The SHA-256 of the certificate this node serves, in hex (what another node pins when it forwards a request here). */
    static String certificateSha256(TlsMaterial tls) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(tls.chain().getFirst().getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint this node's certificate", e);
        }
    }

    private static Collection<String> liveIds(LiveMeetings live) {
        return live.all().stream().map(LiveMeeting::meetingId).toList();
    }

    /** {@code cluster.advertised-url}, else {@code server.public-url}, else this host and the port it listens on. */
    static String advertisedUrl(AppConfig config, int httpsPort) {
        if (!config.cluster().advertisedUrl().isBlank()) {
            return strip(config.cluster().advertisedUrl());
        }
        if (!config.server().publicUrl().isBlank()) {
            return strip(config.server().publicUrl());
        }
        String host = config.server().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "https://" + host + ":" + httpsPort;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
