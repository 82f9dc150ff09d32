package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code zvc-admin status}: version, uptime, rooms, participants and database. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Version, uptime, rooms, participants and database.")
final class Status implements Callable<Integer> {
    @ParentCommand
    ZvcAdmin root;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode r = root.call("status", Map.of());
        var sb = new StringBuilder();
        sb.append("ZoomVconnect ").append(r.path("version").asText()).append(r.path("running").asBoolean()
                ? ", running for " + java.time.Duration.ofSeconds(r.path("uptimeSeconds").asLong()).toString().substring(2).toLowerCase(Locale.ROOT)
                : ", not running");
        if (r.path("running").asBoolean()) {
            sb.append("\nmeetings in progress: ").append(r.path("rooms").asInt()).append(", participants: ")
                    .append(r.path("participants").asInt());
        }
        JsonNode cluster = r.path("cluster");
        if (cluster.isObject()) {
            sb.append("\ncluster: this is node ").append(cluster.path("node").asText());
            for (JsonNode n : cluster.path("nodes")) {
                sb.append("\n  ").append(n.path("node").asText()).append(n.path("alive").asBoolean() ? " alive" : " DEAD")
                        .append(", ").append(n.path("participants").asInt()).append(" participants, ")
                        .append(n.path("leases").asInt()).append(" meetings placed, capacity ").append(n.path("capacity").asInt())
                        .append(", last heartbeat ").append(n.path("heartbeatAt").asText()).append(", ").append(n.path("url").asText());
            }
        }
        sb.append("\ndatabase: ").append(r.path("database").asText()).append(r.path("databaseHealthy").asBoolean() ? " (healthy)" : " (NOT healthy)");
        sb.append("\nusers: ").append(r.path("users").asLong()).append(", administrators: ").append(r.path("administrators"));
        root.print(spec.commandLine().getOut(), r, sb.toString());
        return 0;
    }
}
