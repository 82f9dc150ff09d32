package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Self-registration policy: {@code zvc-admin registration show|set|reset}. */
@Command(name = "registration", mixinStandardHelpOptions = true,
        description = "Who may create their own account: open, closed (administrators create accounts) or domains "
                + "(addresses at listed domains). The first account of a new server may always register.",
        subcommands = {Registration.Show.class, Registration.Set.class, Registration.Reset.class})
final class Registration {
    @ParentCommand
    ZvcAdmin root;

    static String describe(JsonNode r) {
        String policy = r.path("policy").asText();
        var domains = new java.util.ArrayList<String>();
        r.path("domains").forEach(d -> domains.add(d.asText()));
        return "policy: " + policy + (domains.isEmpty() ? "" : "\ndomains: " + String.join(", ", domains))
                + "\nset in: " + ("settings".equals(r.path("source").asText())
                ? "the database (zvc-admin registration set; reset returns to the configuration)"
                : "the configuration (auth.registration.policy)");
    }

    /** The policies, for completion and help. */
    static final class Policies implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("open", "closed", "domains").iterator();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the registration policy and where it is set.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        Registration parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("registration.show", Map.of());
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set the policy (applied at once, kept in the database): 'set closed', 'set open', "
                    + "'set domains example.com example.org' (exact domains; subdomains do not match).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        Registration parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "POLICY", completionCandidates = Policies.class,
                description = "open, closed or domains")
        String policy;
        @Parameters(index = "1..*", paramLabel = "DOMAIN", arity = "0..*", description = "For domains: the allowed e-mail domains.")
        List<String> domains;

        @Override
        public Integer call() {
            var args = new LinkedHashMap<String, String>();
            args.put("policy", policy);
            if (domains != null) {
                args.put("domains", String.join(",", domains));
            }
            JsonNode r = parent.root.call("registration.set", args);
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Forget the policy set here: auth.registration.policy of the configuration applies again.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        Registration parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("registration.reset", Map.of());
            parent.root.print(spec.commandLine().getOut(), r, describe(r));
            return 0;
        }
    }
}
