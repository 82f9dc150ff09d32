package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Ended meetings with attendance and duration: {@code zvc-admin meetings list}, the dashboard's past-meetings search on the shell. */
@Command(name = "meetings", mixinStandardHelpOptions = true, description = "Ended meetings, their attendance and duration.",
        subcommands = {Meetings.ListPast.class})
final class Meetings {
    @ParentCommand
    ZvcAdmin root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Ended meetings, the most recently ended first.")
    static final class ListPast implements Callable<Integer> {
        @ParentCommand
        Meetings meetings;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--title", description = "Part of the title or the code.")
        String title;
        @Option(names = "--host", description = "Part of the host's name or email.")
        String host;
        @Option(names = "--since", paramLabel = "TIME", description = "Ended at or after this ISO-8601 instant, e.g. 2026-11-30T00:00:00Z.")
        String since;
        @Option(names = "--until", paramLabel = "TIME", description = "Ended before this ISO-8601 instant.")
        String until;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many meetings (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            Map<String, String> args = new LinkedHashMap<>();
            put(args, "q", title);
            put(args, "host", host);
            put(args, "from", since);
            put(args, "to", until);
            args.put("limit", Integer.toString(limit));
            JsonNode r = meetings.root.call("meetings.list", args);
            var out = spec.commandLine().getOut();
            if (meetings.root.json) {
                meetings.root.print(out, r, "");
                return 0;
            }
            out.printf("%-28s  %-24s  %-24s  %9s  %10s%n", "ENDED", "TITLE", "HOST", "DURATION", "ATTENDANCE");
            for (JsonNode m : r.path("items")) {
                String duration = m.path("durationSeconds").isNumber() ? minutes(m.path("durationSeconds").asLong()) : "-";
                out.printf("%-28s  %-24s  %-24s  %9s  %10d%n", m.path("endedAt").asText(), m.path("title").asText(),
                        m.path("hostEmail").asText(), duration, m.path("attendance").asInt());
            }
            int n = r.path("items").size();
            out.printf("%d meeting%s%n", n, n == 1 ? "" : "s");
            return 0;
        }

        private static String minutes(long seconds) {
            return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }

        private static void put(Map<String, String> args, String key, String value) {
            if (value != null) {
                args.put(key, value);
            }
        }
    }
}
