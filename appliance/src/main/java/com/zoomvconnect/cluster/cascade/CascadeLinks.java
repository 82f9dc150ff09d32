package com.zoomvconnect.cluster.cascade;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.media.sfu.MediaEngine;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement.HostingNode;
import com.zoomvconnect.meeting.MeetingRole;
import com.zoomvconnect.meeting.ParticipantLink;
import java.net.http.HttpClient;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as an edge of cascaded webinars (docs/cluster.md, "Cascading"): one {@link CascadeLink}
 * per meeting hosted elsewhere that has viewers here, opened with the first and closed after the
 * last. The link authenticates to the origin with a join grant this node signs with the cluster's
 * token key (every node has the same), for participant {@code cascade-<node-id>}: only a node of the
 * cluster can make one, and the origin checks it as any grant.
 */
public final class CascadeLinks implements EdgeRelays, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeLinks.class);

    private final String nodeId;
    private final LiveMeetings live;
    private final MediaEngine media;
    private final int sfuPort;
    private final TokenService tokens;
    private final Function<HostingNode, HttpClient> clients;
    private final ConcurrentHashMap<String, CascadeLink> links = new ConcurrentHashMap<>();
    /** Edge joins under way per meeting (see {@link EdgeRelays#joining}). */
    private final ConcurrentHashMap<String, Integer> joining = new ConcurrentHashMap<>();

    /**
     * @param sfuPort the edge SFU's media port (relayed presenters publish to it on loopback)
     * @param clients an HTTPS client that trusts a node by the certificate it recorded in the cluster
     */
    public CascadeLinks(String nodeId, LiveMeetings live, MediaEngine media, int sfuPort, TokenService tokens,
                        Function<HostingNode, HttpClient> clients) {
        this.nodeId = nodeId;
        this.live = live;
        this.media = media;
        this.sfuPort = sfuPort;
        this.tokens = tokens;
        this.clients = clients;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void admitted(LiveMeeting meeting, HostingNode origin, ParticipantLink participant) {
        String id = meeting.meetingId();
        CascadeLink link = links.compute(id, (k, old) -> {
            if (old != null && !old.isClosed() && old.origin().nodeId().equals(origin.nodeId())) {
                return old;
            }
            if (old != null) {
                old.close(false); // the meeting moved to another origin
            }
            return new CascadeLink(this, meeting, origin);
        });
        link.viewerArrived(participant);
        synchronized (link) {
            if (link.opened) {
                return;
            }
            link.opened = true;
        }
        // Not on the viewer's signaling thread: its welcome need not wait for the origin's.
        Thread.ofVirtual().name("cascade-open-" + id).start(() -> {
            try {
                link.open(tokens.joinToken(new JoinGrant(id, "cascade-" + nodeId, "Relay to " + nodeId,
                        MeetingRole.ATTENDEE.wire(), false)));
            } catch (RuntimeException e) {
                LOG.warn("cascade: cannot open the relay link for meeting {} to {}: {}", id, origin.nodeId(), e.toString());
                link.close(true);
            }
        });
    }

    @Override
    public void left(String meetingId, ParticipantLink participant) {
        CascadeLink link = links.get(meetingId);
        if (link != null && !link.viewerLeft(participant)) {
            link.close(false);
        }
    }

    @Override
    public void joining(String meetingId) {
        joining.merge(meetingId, 1, Integer::sum);
    }

    @Override
    public void joinDone(String meetingId) {
        joining.computeIfPresent(meetingId, (k, n) -> n > 1 ? n - 1 : null);
    }

    @Override
    public boolean serves(String meetingId) {
        return links.containsKey(meetingId) || joining.containsKey(meetingId);
    }

    /** The meetings this node relays now, and from which node (for status). */
    public java.util.Map<String, String> relayed() {
        var out = new java.util.TreeMap<String, String>();
        links.forEach((id, l) -> out.put(id, l.origin().nodeId()));
        return out;
    }

    void closed(CascadeLink link) {
        links.remove(link.meetingId(), link);
    }

    HttpClient http(HostingNode node) {
        return clients.apply(node);
    }

    LiveMeetings live() {
        return live;
    }

    MediaEngine media() {
        return media;
    }

    int sfuPort() {
        return sfuPort;
    }

    @Override
    public void close() {
        links.values().forEach(l -> l.close(false));
    }
}
