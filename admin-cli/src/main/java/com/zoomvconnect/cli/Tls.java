package com.zoomvconnect.cli;

import com.zoomvconnect.app.AdminSupport;
import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.BadConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** HTTPS certificate: {@code zvc-admin tls status|install}. */
@Command(name = "tls", mixinStandardHelpOptions = true, description = "Show or install the HTTPS certificate.",
        subcommands = {Tls.Status.class, Tls.Install.class})
final class Tls {
    @ParentCommand
    ZvcAdmin root;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The certificate the HTTPS listener serves (or, stopped, the one its next start loads): subject, issuer, "
                    + "expiry, days left, self-signed or not. Exit code 1 when it has expired or expires within 30 days.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        Tls parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            com.fasterxml.jackson.databind.JsonNode r = parent.root.call("tls.status", java.util.Map.of());
            var out = spec.commandLine().getOut();
            if (!r.path("present").asBoolean()) {
                parent.root.print(out, r, r.path("warning").asText());
                return 0;
            }
            String warning = r.path("warning").isTextual() ? "\nWARN  " + r.path("warning").asText() : "";
            parent.root.print(out, r, (r.path("inUse").asBoolean() ? "In use: " : "Next start loads: ") + r.path("source").asText()
                    + "\nsubject:     " + r.path("subject").asText()
                    + "\nissuer:      " + r.path("issuer").asText() + (r.path("selfSigned").asBoolean() ? " (self-signed)" : "")
                    + "\nnames:       " + names(r.path("names"))
                    + "\nnot after:   " + r.path("notAfter").asText()
                    + "\ndays left:   " + r.path("daysLeft").asLong() + warning);
            return r.path("expiresSoon").asBoolean() ? ZvcAdmin.FAILED : 0;
        }

        private static String names(com.fasterxml.jackson.databind.JsonNode list) {
            var names = new java.util.ArrayList<String>();
            list.forEach(n -> names.add(n.asText()));
            return String.join(", ", names);
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Check a PEM certificate (chain) and its private key, and install them for the appliance. Restart it to use them.")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        Tls parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "Certificate chain, PEM, server certificate first.")
        Path cert;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Unencrypted private key, PEM.")
        Path key;

        @Override
        public Integer call() throws IOException {
            AppConfig cfg = parent.root.loadConfig();
            String what;
            try {
                what = AdminSupport.validateTls(cert, key);
            } catch (BadConfigException e) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, e.getMessage());
            }
            if (cfg.tls().isPresent()) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "The configuration names its own tls.cert/tls.key (" + cfg.tls().get().certificate()
                        + "); replace those files instead. Checked: " + what);
            }
            Path dir = AdminSupport.installTls(cfg, cert, key);
            spec.commandLine().getOut().println("Installed " + what + " in " + dir
                    + "\nRestart the appliance to use it: systemctl restart zoomvconnect");
            return 0;
        }
    }
}
