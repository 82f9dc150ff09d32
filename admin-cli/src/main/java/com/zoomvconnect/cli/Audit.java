package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Every meeting's moderation audit: {@code zvc-admin audit list}, the dashboard's Audit log page on the shell. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The moderation audit log of every meeting.",
        subcommands = {Audit.ListEntries.class})
final class Audit {
    @ParentCommand
    ZvcAdmin root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Entries newest first, filtered; --csv for all matches as CSV.")
    static final class ListEntries implements Callable<Integer> {
        @ParentCommand
        Audit audit;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--meeting", description = "A meeting's id or code, or part of its title.")
        String meeting;
        @Option(names = "--user", description = "An account or participant id, or part of a name.")
        String user;
        @Option(names = "--action", description = "Exactly, e.g. remove, mute, end_meeting.")
        String action;
        @Option(names = "--since", paramLabel = "TIME", description = "ISO-8601 instant, e.g. 2026-11-30T09:00:00Z (inclusive).")
        String since;
        @Option(names = "--until", paramLabel = "TIME", description = "ISO-8601 instant (exclusive).")
        String until;
        @Option(names = "--limit", defaultValue = "50", description = "At most this many entries (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--csv", description = "Every match (up to 10000) as CSV, as the dashboard exports it.")
        boolean csv;

        @Override
        public Integer call() {
            Map<String, String> args = new LinkedHashMap<>();
            put(args, "meeting", meeting);
            put(args, "user", user);
            put(args, "action", action);
            put(args, "from", since);
            put(args, "to", until);
            var out = spec.commandLine().getOut();
            if (csv) {
                out.print(audit.root.call("audit.export", args).path("csv").asText());
                out.flush();
                return 0;
            }
            args.put("limit", Integer.toString(limit));
            JsonNode r = audit.root.call("audit.list", args);
            if (audit.root.json) {
                audit.root.print(out, r, "");
                return 0;
            }
            out.printf("%-24s  %-24s  %-18s  %-18s  %s%n", "TIME", "MEETING", "BY", "ACTION", "TARGET");
            for (JsonNode e : r.path("items")) {
                out.printf("%-24s  %-24s  %-18s  %-18s  %s%n", e.path("at").asText(), e.path("meetingTitle").asText(),
                        e.path("actorName").asText(), e.path("action").asText(), e.path("targetName").asText(""));
            }
            out.printf("%d of %d entries%n", r.path("items").size(), r.path("total").asLong());
            return 0;
        }

        private static void put(Map<String, String> args, String key, String value) {
            if (value != null) {
                args.put(key, value);
            }
        }
    }
}
