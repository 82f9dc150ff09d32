package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Cluster mode (docs/cluster.md): {@code zvc-admin cluster status}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "The nodes of a cluster, their load and the meetings they host.",
        subcommands = {ClusterCommand.Status.class})
final class ClusterCommand {
    @ParentCommand
    ZvcAdmin root;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Every node the shared database knows (alive or DEAD, load, capacity, last heartbeat) and which node hosts "
                    + "each live meeting, as this running node sees them. Exit code 1 when this appliance is not a running "
                    + "node of a cluster, or when a node is dead.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("status", Map.of());
            JsonNode cluster = r.path("cluster");
            if (!r.path("running").asBoolean() || !cluster.isObject()) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, r.path("running").asBoolean()
                        ? "This appliance is not a node of a cluster (cluster.enabled is false)"
                        : "The appliance is not running: cluster status is read through a running node");
            }
            parent.root.print(spec.commandLine().getOut(), cluster, render(cluster));
            for (JsonNode n : cluster.path("nodes")) {
                if (!n.path("alive").asBoolean()) {
                    return ZvcAdmin.FAILED;
                }
            }
            return 0;
        }

        /** The cluster section of {@code status} as a table of nodes and a list of placed meetings. */
        static String render(JsonNode cluster) {
            var sb = new StringBuilder();
            sb.append("This is node ").append(cluster.path("node").asText()).append(" (bus: ")
                    .append(cluster.path("busBackend").asText()).append(cluster.path("busListening").asBoolean() ? ", listening" : ", NOT listening")
                    .append(")\n");
            sb.append(String.format("%-16s %-5s %12s %8s %11s %8s %9s %9s  %-12s %s%n", "NODE", "STATE", "PARTICIPANTS", "MEETINGS",
                    "MEDIA ROOMS", "LOAD", "PACKETS/S", "LAST BEAT", "VERSION", "URL"));
            for (JsonNode n : cluster.path("nodes")) {
                int capacity = Math.max(1, n.path("capacity").asInt());
                // Nodes older than the heartbeat age and version fields (a rolling upgrade) show "?".
                String beat = n.has("heartbeatAgeMillis") ? String.format("%.1fs ago", n.path("heartbeatAgeMillis").asLong() / 1000.0) : "?";
                String version = n.path("version").isTextual() ? n.path("version").asText() : "?";
                sb.append(String.format("%-16s %-5s %12d %8d %11d %7d%% %9d %9s  %-12s %s%n", n.path("node").asText(),
                        n.path("alive").asBoolean() ? "alive" : "DEAD", n.path("participants").asInt(), n.path("leases").asInt(),
                        n.path("mediaRooms").asInt(), n.path("participants").asInt() * 100 / capacity,
                        n.path("packetsOutPerSecond").asLong(), beat, version, n.path("url").asText()));
            }
            JsonNode placed = cluster.path("placements");
            sb.append(placed.isEmpty() ? "No meeting is placed on a node." : "Meetings placed:");
            for (JsonNode p : placed) {
                sb.append(String.format("%n  %-16s %s (%s, %s) since %s", p.path("node").asText(), p.path("title").asText(),
                        p.path("code").asText(), p.path("meeting").asText(), p.path("placedAt").asText()));
            }
            return sb.toString();
        }
    }
}
