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

/** HTTPS certificate: {@code zvc-admin tls install}. */
@Command(name = "tls", mixinStandardHelpOptions = true, description = "Install the HTTPS certificate.",
        subcommands = {Tls.Install.class})
final class Tls {
    @ParentCommand
    ZvcAdmin root;

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
