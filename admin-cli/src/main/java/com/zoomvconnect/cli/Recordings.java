package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Recordings, their space and their limits: {@code zvc-admin recordings list|delete|limits}, the dashboard's
 * Meetings and recordings page and the recording part of its Settings on the shell.
 */
@Command(name = "recordings", mixinStandardHelpOptions = true, description = "List and delete recordings; show and set the quota and retention.",
        subcommands = {Recordings.ListAll.class, Recordings.Delete.class, Recordings.Limits.class})
final class Recordings {
    @ParentCommand
    ZvcAdmin root;

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (int) (Math.log(bytes) / Math.log(1024));
        unit = Math.min(unit, 4);
        return String.format(Locale.ROOT, "%.1f %sB", bytes / Math.pow(1024, unit), "KMGT".charAt(unit - 1) + "i");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recordings, the newest first, with their size and state.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        Recordings parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--title", description = "Part of the meeting's title.")
        String title;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1 to 500; default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            var args = new LinkedHashMap<String, String>();
            args.put("limit", Integer.toString(limit));
            if (title != null) {
                args.put("q", title);
            }
            JsonNode r = parent.root.call("recordings.list", args);
            var out = spec.commandLine().getOut();
            if (parent.root.json) {
                parent.root.print(out, r, "");
                return 0;
            }
            out.printf("%-36s  %-28s  %-24s  %10s  %s%n", "ID", "STARTED", "MEETING", "SIZE", "STATE");
            for (JsonNode rec : r.path("items")) {
                out.printf("%-36s  %-28s  %-24s  %10s  %s%n", rec.path("id").asText(), rec.path("startedAt").asText(),
                        rec.path("meetingTitle").asText(), size(rec.path("sizeBytes").asLong()), rec.path("status").asText());
            }
            int n = r.path("items").size();
            out.printf("%d recording%s%n", n, n == 1 ? "" : "s");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a recording and its files. Asks to confirm unless --yes is given (needed without a terminal).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        Recordings parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The recording's id (zvc-admin recordings list).")
        String id;
        @Option(names = {"-y", "--yes"}, description = "Do not ask to confirm.")
        boolean yes;

        @Override
        public Integer call() {
            if (!yes && !confirm("Delete recording " + id + " and its files? This cannot be undone. [y/N] ")) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "Not deleted (give --yes to delete without asking)");
            }
            JsonNode r = parent.root.call("recordings.delete", Map.of("id", id));
            parent.root.print(spec.commandLine().getOut(), r, "Deleted recording " + id);
            return 0;
        }

        /** Asks on the terminal; without one there is nobody to ask, which is a no. */
        private static boolean confirm(String question) {
            var console = System.console();
            if (console == null) {
                return false;
            }
            String answer = console.readLine("%s", question);
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        }
    }

    @Command(name = "limits", mixinStandardHelpOptions = true,
            description = "Show the quota and retention, or set them (kept in the database, over recording.quota.gb and "
                    + "recording.retention.days of the configuration; applied at once; audited). --reset returns to the configuration.")
    static final class Limits implements Callable<Integer> {
        @ParentCommand
        Recordings parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--quota-gb", paramLabel = "GIB", description = "All recordings together may use this much (0: no quota).")
        String quotaGb;
        @Option(names = "--retention-days", paramLabel = "DAYS", description = "Delete recordings older than this (0: keep them).")
        String retentionDays;
        @Option(names = "--reset", description = "Forget the values set here.")
        boolean reset;

        @Override
        public Integer call() {
            JsonNode r;
            if (reset) {
                if (quotaGb != null || retentionDays != null) {
                    throw new ZvcAdmin.Failure(2, "Give --reset alone, or --quota-gb/--retention-days");
                }
                r = parent.root.call("recording-limits.reset", Map.of());
            } else if (quotaGb != null || retentionDays != null) {
                var args = new LinkedHashMap<String, String>();
                if (quotaGb != null) {
                    args.put("quotaGb", quotaGb);
                }
                if (retentionDays != null) {
                    args.put("retentionDays", retentionDays);
                }
                r = parent.root.call("recording-limits.set", args);
            } else {
                r = parent.root.call("recording-limits.show", Map.of());
            }
            long quota = r.path("quotaGb").asLong();
            int days = r.path("retentionDays").asInt();
            parent.root.print(spec.commandLine().getOut(), r,
                    "quota: " + (quota == 0 ? "none" : quota + " GiB") + " (" + r.path("quotaSource").asText() + ")"
                            + "\nretention: " + (days == 0 ? "kept forever" : days + " days") + " (" + r.path("retentionSource").asText() + ")"
                            + "\nused: " + size(r.path("usedBytes").asLong()));
            return 0;
        }
    }
}
