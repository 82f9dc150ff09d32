package com.zoomvconnect.api;

import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.MeetingPlacement.HostingNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a cluster, a REST request that acts on a live meeting's rooms — its recording and captions,
 * its breakout rooms, an administrator removing a participant — is answered by the node hosting the
 * meeting, where the rooms are: a node that does not host it forwards the request there as it came
 * (method, path, query, body, the caller's bearer token) and sends back the answer as it is. The
 * hosting node checks the token and the caller's rights itself. A forwarded request carries
 * {@value #FORWARDED_BY} and is never forwarded again. See docs/cluster.md, "Routing".
 */
public final class HostForwarding implements Filter {
    /** Names the node that forwarded a request; a request carrying it is answered where it lands. */
    public static final String FORWARDED_BY = "X-Zvc-Forwarded-By";
    private static final Logger LOG = LoggerFactory.getLogger(HostForwarding.class);
    private static final Pattern MEETING_ACTION = Pattern.compile(
            "^/api/v1/(?:meetings/([^/]+)/(?:recording|captions|breakouts(?:/open|/close)?)"
                    + "|admin/meetings/([^/]+)/participants/[^/]+)$");

    private final String nodeId;
    private final LiveMeetings live;
    private final MeetingPlacement placement;
    private final PeerClients peers;

    public HostForwarding(String nodeId, LiveMeetings live, MeetingPlacement placement, PeerClients peers) {
        this.nodeId = nodeId;
        this.live = live;
        this.placement = placement;
        this.peers = peers;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<HostingNode> host = hostElsewhere(req);
        if (host.isEmpty()) {
            chain.proceed();
            return;
        }
        forward(req, res, host.get());
    }

    /** The node hosting the meeting this request acts on, when that is another node and the request was not forwarded already. */
    private Optional<HostingNode> hostElsewhere(RoutingRequest req) {
        if (req.headers().contains(HeaderNames.create(FORWARDED_BY))) {
            return Optional.empty();
        }
        Matcher m = MEETING_ACTION.matcher(req.prologue().uriPath().path());
        if (!m.matches()) {
            return Optional.empty();
        }
        String meetingId = m.group(1) != null ? m.group(1) : m.group(2);
        if (live.meeting(meetingId).isPresent()) {
            return Optional.empty();
        }
        return placement.hostOf(meetingId).filter(h -> !h.local());
    }

    private void forward(RoutingRequest req, RoutingResponse res, HostingNode host) {
        String query = req.prologue().query().rawValue();
        URI target = URI.create(host.url() + req.prologue().uriPath().rawPath() + (query.isEmpty() ? "" : "?" + query));
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        var out = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).header(FORWARDED_BY, nodeId)
                .method(req.prologue().method().text(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (var name : new io.helidon.http.HeaderName[] {HeaderNames.AUTHORIZATION, HeaderNames.CONTENT_TYPE,
                HeaderNames.ACCEPT_LANGUAGE}) {
            req.headers().first(name).ifPresent(v -> out.header(name.defaultCase(), v));
        }
        HttpResponse<byte[]> answer;
        try {
            answer = peers.client(host).send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            LOG.warn("Could not forward {} {} to node {} at {}: {}", req.prologue().method().text(), req.prologue().uriPath().path(),
                    host.nodeId(), host.url(), e.getMessage());
            ApiErrors.send(res, com.zoomvconnect.error.ErrorCode.CLUSTER_UNAVAILABLE,
                    "The node hosting this meeting did not answer; try again");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        res.status(Status.create(answer.statusCode()));
        answer.headers().firstValue("Content-Type").ifPresent(v -> res.header(HeaderNames.CONTENT_TYPE, v));
        res.send(answer.body());
    }
}
