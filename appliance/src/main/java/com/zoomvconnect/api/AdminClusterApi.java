package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.meeting.LiveMeetings;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/admin/cluster}: the nodes of a cluster as the shared database records them (alive or
 * dead, the age of their last heartbeat, their load and version) and which node each live meeting is
 * placed on — the dashboard's Cluster page and {@code zvc-admin cluster status} read the same figures.
 * On a single site it answers {@code clustered: false} with this appliance as the one node. The
 * participants of each meeting come from {@code /admin/meetings/live}, which names the hosting node.
 */
final class AdminClusterApi implements HttpService {
    private final ApiAuth auth;
    private final AdminService admin;
    private final LiveMeetings live;

    AdminClusterApi(AdminApi.Parts p) {
        this.auth = p.apiAuth();
        this.admin = p.admin();
        this.live = p.live();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get);
        Routes.methodNotAllowed(rules, "/");
    }

    private void get(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        @SuppressWarnings("unchecked")
        var status = (Map<String, Object>) admin.execute("status", Map.of());
        Object cluster = status.get("cluster");
        Json.send(res, Status.OK_200, cluster instanceof Map<?, ?> c ? clustered(c) : single(status));
    }

    /** A cluster: every node the database knows, this one marked {@code self}, and the meetings placed on them. */
    private static Map<String, Object> clustered(Map<?, ?> c) {
        var body = new LinkedHashMap<String, Object>();
        body.put("clustered", true);
        Object self = c.get("node");
        body.put("thisNode", self);
        body.put("heartbeatIntervalMillis", c.get("heartbeatIntervalMillis"));
        body.put("nodeTimeoutMillis", c.get("nodeTimeoutMillis"));
        if (c.get("nodesError") != null) {
            body.put("error", c.get("nodesError")); // the shared database did not answer: nothing else to say
        }
        var nodes = new java.util.ArrayList<Map<String, Object>>();
        if (c.get("nodes") instanceof List<?> rows) {
            for (Object row : rows) {
                var n = new LinkedHashMap<String, Object>();
                ((Map<?, ?>) row).forEach((k, v) -> n.put(String.valueOf(k), v));
                n.put("self", n.get("node").equals(self));
                nodes.add(n);
            }
        }
        body.put("nodes", nodes);
        body.put("placements", c.get("placements") instanceof List<?> p ? p : List.of());
        return body;
    }

    /** A single site: this appliance is the one node, with the figures it would heartbeat in a cluster. */
    private Map<String, Object> single(Map<String, Object> status) {
        var n = new LinkedHashMap<String, Object>();
        n.put("node", null);
        n.put("url", null);
        n.put("alive", true);
        n.put("self", true);
        n.put("version", status.get("version"));
        n.put("participants", live.participantCount());
        n.put("meetings", live.all().size());
        n.put("mediaRooms", status.get("mediaRooms"));
        n.put("packetsOutPerSecond", null); // the Overview page shows this site's media rates
        var body = new LinkedHashMap<String, Object>();
        body.put("clustered", false);
        body.put("thisNode", null);
        body.put("nodes", List.of(n));
        body.put("placements", List.of());
        return body;
    }
}
