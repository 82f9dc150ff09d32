package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.meeting.MeetingService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The options new meetings get: {@code zvc-admin meeting-defaults show|set}, the dashboard's Settings form on the shell. */
@Command(name = "meeting-defaults", mixinStandardHelpOptions = true,
        description = "The options new meetings get unless their creator chooses: waitingRoom, allowGuests, muteOnEntry "
                + "(off until set) and recordingAllowed (on until set; off, meetings created meanwhile cannot be recorded).",
        subcommands = {MeetingDefaults.Show.class, MeetingDefaults.Set.class})
final class MeetingDefaults {
    @ParentCommand
    ZvcAdmin root;

    static String describe(JsonNode r) {
        var lines = new StringBuilder();
        r.fieldNames().forEachRemaining(k -> lines.append(lines.isEmpty() ? "" : "\n").append(k).append(": ")
                .append(r.path(k).asBoolean() ? "on" : "off"));
        return lines.toString();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the default meeting options.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        MeetingDefaults parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("meeting-defaults.show", Map.of());
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set options as KEY=true|false, e.g. 'set waitingRoom=true recordingAllowed=false'. "
                    + "Applies to meetings created from now on.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        MeetingDefaults parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*")
        List<String> pairs;

        @Override
        public Integer call() {
            var args = ZvcAdmin.knownPairs(pairs, MeetingService.DEFAULT_OPTIONS);
            JsonNode r = parent.root.call("meeting-defaults.set", args);
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }
}
