package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Site policy for end-to-end encrypted meetings: {@code zvc-admin e2ee show|set}. */
@Command(name = "e2ee", mixinStandardHelpOptions = true,
        description = "End-to-end encrypted meetings: off (no meeting may use it), allowed (hosts choose per meeting; "
                + "the default) or required (every new meeting uses it). Such meetings cannot be recorded.",
        subcommands = {E2ee.Show.class, E2ee.Set.class})
final class E2ee {
    @ParentCommand
    ZvcAdmin root;

    static String describe(JsonNode r) {
        return "e2ee policy: " + r.path("policy").asText();
    }

    /** The policies, for completion and help. */
    static final class Policies implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("off", "allowed", "required").iterator();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the end-to-end encryption policy.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        E2ee parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("e2ee.show", Map.of());
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set the policy (kept in the database; applies to meetings created or changed from now on).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        E2ee parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "POLICY", completionCandidates = Policies.class,
                description = "off, allowed or required")
        String policy;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("e2ee.set", Map.of("policy", policy));
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }
}
