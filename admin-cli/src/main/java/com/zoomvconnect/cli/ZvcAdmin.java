package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zoomvconnect.admin.AdminChannel;
import com.zoomvconnect.admin.AdminClient;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.app.AdminSupport;
import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.BadConfigException;
import com.zoomvconnect.app.ConfigLoader;
import com.zoomvconnect.error.AppException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code zvc-admin}: administers a ZoomVconnect appliance from the shell. Talks to the running
 * appliance over its local admin channel (a Unix socket guarded by {@code <data>/secrets/admin.key},
 * readable by root and the service user), or opens the database itself when the appliance is
 * stopped. Exit codes: 0 done, 1 the command failed, 2 usage error, 3 appliance and database both
 * unreachable, 4 not allowed (cannot read the configuration or the admin key).
 */
@Command(name = "zvc-admin", mixinStandardHelpOptions = true, versionProvider = ZvcAdmin.Version.class,
        description = "Administer a ZoomVconnect appliance.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the command failed (message on stderr)", "2:usage error",
            "3:neither the appliance nor its database could be reached", "4:not allowed (configuration or admin key unreadable)"},
        subcommands = {ZvcAdmin.Users.class, ZvcAdmin.Registration.class, ZvcAdmin.Branding.class, ZvcAdmin.Sso.class, ZvcAdmin.Tls.class,
            ZvcAdmin.Status.class, Backup.class, Restore.class, Doctor.class, Transcription.class,
            AutoComplete.GenerateCompletion.class})
public final class ZvcAdmin {
    static final int FAILED = 1;
    static final int UNREACHABLE = 3;
    static final int NOT_ALLOWED = 4;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config = ConfigLoader.DEFAULT_FILE;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print results as JSON (for scripts).")
    boolean json;

    /** A failure to report with a message and an exit code. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    public static void main(String[] args) {
        // Output is for people and scripts: the appliance's INFO logs (opening the database
        // offline, say) stay out of it unless asked for with ZVC_LOG_LEVEL.
        if (System.getenv("ZVC_LOG_LEVEL") == null && System.getProperty("ZVC_LOG_LEVEL") == null) {
            System.setProperty("ZVC_LOG_LEVEL", "WARN");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI; returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ZvcAdmin());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof Failure f) {
                err.println("zvc-admin: " + f.getMessage());
                return f.exitCode;
            }
            err.println("zvc-admin: " + e);
            return FAILED;
        });
        return cl.execute(args);
    }

    AppConfig loadConfig() {
        Path file = config;
        if (!Files.exists(file) && file.equals(ConfigLoader.DEFAULT_FILE)) {
            file = null; // defaults and ZVC_* variables, as the appliance does without a file
        } else if (!Files.isReadable(file)) {
            throw new Failure(NOT_ALLOWED, "Cannot read " + file + " (run as root?)");
        }
        try {
            return ConfigLoader.load(file, System.getenv());
        } catch (BadConfigException e) {
            throw new Failure(FAILED, e.getMessage());
        }
    }

    /** Runs an admin command on the running appliance, or on the database when it is stopped. */
    JsonNode call(String command, Map<String, String> args) {
        AppConfig cfg = loadConfig();
        AdminClient client;
        try {
            client = AdminClient.forDataDir(cfg.dataDir());
        } catch (java.nio.file.AccessDeniedException e) {
            throw new Failure(NOT_ALLOWED, "Cannot read the admin key " + AdminChannel.keyPath(cfg.dataDir()) + " (run as root)");
        } catch (IOException e) {
            throw new Failure(NOT_ALLOWED, "Cannot read the admin key: " + e.getMessage());
        }
        if (client != null) {
            try {
                JsonNode r = client.call(command, args);
                return unwrap(r);
            } catch (java.net.SocketException | java.nio.channels.ClosedChannelException e) {
                // A socket left by a crash: the appliance is not running; fall through to the database.
            } catch (IOException e) {
                throw new Failure(UNREACHABLE, "The appliance's admin channel failed: " + e.getMessage());
            }
        }
        try (AdminSupport.Offline offline = AdminSupport.openOffline(cfg)) {
            return JSON.valueToTree(offline.service().execute(command, args));
        } catch (AppException e) {
            throw new Failure(FAILED, e.getMessage() + " [" + e.errorCode().code() + "]");
        } catch (BadConfigException e) {
            throw new Failure(FAILED, e.getMessage());
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("already in use") || m.contains("locked")) {
                throw new Failure(UNREACHABLE, "The database is in use by a running appliance whose admin channel did not answer");
            }
            throw new Failure(UNREACHABLE, "Cannot open the database: " + m);
        } finally {
            Ownership.match(cfg.dataDir(), cfg.dataDir()); // what root created stays usable by the service user
        }
    }

    private static JsonNode unwrap(JsonNode r) {
        if (r.path("ok").asBoolean()) {
            return r.path("result");
        }
        JsonNode e = r.path("error");
        int code = "unauthorized".equals(e.path("code").asText()) ? NOT_ALLOWED : FAILED;
        throw new Failure(code, e.path("message").asText() + " [" + e.path("code").asText() + "]");
    }

    void print(PrintWriter out, JsonNode result, String humanLine) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(result));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(humanLine);
        }
    }

    static String readPassword(Path file, boolean stdin) {
        try {
            if (file != null) {
                return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            }
            if (stdin) {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            var console = System.console();
            if (console != null) {
                char[] p = console.readPassword("Password: ");
                char[] again = console.readPassword("Again: ");
                if (p == null || !java.util.Arrays.equals(p, again)) {
                    throw new Failure(FAILED, "The passwords differ");
                }
                return new String(p);
            }
        } catch (IOException e) {
            throw new Failure(FAILED, "Cannot read the password: " + e.getMessage());
        }
        throw new Failure(2, "Give the password with --password-file FILE or --password-stdin (no terminal to ask on)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zvc-admin " + AdminService.version()};
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "List and manage user accounts.",
            subcommands = {Users.ListUsers.class, Users.Add.class, Users.Disable.class, Users.Enable.class,
                Users.ResetPassword.class, Users.SetRole.class})
    static final class Users {
        @ParentCommand
        ZvcAdmin root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
        static final class ListUsers implements Callable<Integer> {
            @ParentCommand
            Users users;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                JsonNode r = users.root.call("users.list", Map.of());
                var out = spec.commandLine().getOut();
                if (users.root.json) {
                    users.root.print(out, r, "");
                    return 0;
                }
                out.printf("%-36s  %-32s  %-6s  %s%n", "EMAIL", "NAME", "ROLE", "STATE");
                for (JsonNode u : r) {
                    out.printf("%-36s  %-32s  %-6s  %s%n", u.path("email").asText(), u.path("displayName").asText(),
                            u.path("role").asText(), u.path("disabled").asBoolean() ? "disabled" : "active");
                }
                return 0;
            }
        }

        abstract static class PasswordCommand {
            @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE.")
            Path passwordFile;
            @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
            boolean passwordStdin;
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account (--admin for an administrator).")
        static final class Add extends PasswordCommand implements Callable<Integer> {
            @ParentCommand
            Users users;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(paramLabel = "EMAIL")
            String email;
            @Option(names = "--name", description = "Display name (default: the email).")
            String name;
            @Option(names = "--admin", description = "Make the account an administrator.")
            boolean admin;

            @Override
            public Integer call() {
                String password = readPassword(passwordFile, passwordStdin);
                var args = new LinkedHashMap<String, String>();
                args.put("email", email);
                args.put("password", password);
                args.put("displayName", name == null ? email : name);
                args.put("admin", Boolean.toString(admin));
                JsonNode r = users.root.call("users.add", args);
                users.root.print(spec.commandLine().getOut(), r, "Created " + r.path("role").asText() + " " + r.path("email").asText());
                return 0;
            }
        }

        @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an account and sign it out everywhere.")
        static final class Disable implements Callable<Integer> {
            @ParentCommand
            Users users;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(paramLabel = "EMAIL")
            String email;

            @Override
            public Integer call() {
                JsonNode r = users.root.call("users.disable", Map.of("email", email));
                users.root.print(spec.commandLine().getOut(), r, "Disabled " + r.path("email").asText());
                return 0;
            }
        }

        @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled account.")
        static final class Enable implements Callable<Integer> {
            @ParentCommand
            Users users;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(paramLabel = "EMAIL")
            String email;

            @Override
            public Integer call() {
                JsonNode r = users.root.call("users.enable", Map.of("email", email));
                users.root.print(spec.commandLine().getOut(), r, "Enabled " + r.path("email").asText());
                return 0;
            }
        }

        @Command(name = "reset-password", mixinStandardHelpOptions = true, description = "Set a new password (signs the account out).")
        static final class ResetPassword extends PasswordCommand implements Callable<Integer> {
            @ParentCommand
            Users users;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(paramLabel = "EMAIL")
            String email;

            @Override
            public Integer call() {
                JsonNode r = users.root.call("users.reset-password", Map.of("email", email,
                        "password", readPassword(passwordFile, passwordStdin)));
                users.root.print(spec.commandLine().getOut(), r, "New password set for " + r.path("email").asText());
                return 0;
            }
        }

        @Command(name = "set-role", mixinStandardHelpOptions = true, description = "Make an account admin or user.")
        static final class SetRole implements Callable<Integer> {
            @ParentCommand
            Users users;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(index = "0", paramLabel = "EMAIL")
            String email;
            @Parameters(index = "1", paramLabel = "ROLE", description = "admin or user")
            String role;

            @Override
            public Integer call() {
                JsonNode r = users.root.call("users.set-role", Map.of("email", email, "role", role));
                users.root.print(spec.commandLine().getOut(), r, r.path("email").asText() + " is now " + r.path("role").asText());
                return 0;
            }
        }
    }

    @Command(name = "registration", mixinStandardHelpOptions = true,
            description = "Who may create their own account: open, closed (administrators create accounts) or domains "
                    + "(addresses at listed domains). The first account of a new server may always register.",
            subcommands = {Registration.Show.class, Registration.Set.class, Registration.Reset.class})
    static final class Registration {
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

    @Command(name = "branding", mixinStandardHelpOptions = true, description = "Product name, colours, logo and icon of the web client (applied live).",
            subcommands = {Branding.Show.class, Branding.Set.class})
    static final class Branding {
        @ParentCommand
        ZvcAdmin root;

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the branding.")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Branding parent;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                JsonNode r = parent.root.call("branding.show", Map.of());
                parent.root.print(spec.commandLine().getOut(), r, describe(r));
                return 0;
            }
        }

        static String describe(JsonNode r) {
            return "product name: " + r.path("productName").asText() + "\nprimary colour: " + r.path("primaryColor").asText()
                    + "\naccent colour: " + r.path("accentColor").asText() + "\nlogo: " + (r.path("logo").asText().isEmpty() ? "none" : "set")
                    + "\nfavicon: " + (r.path("favicon").asText().isEmpty() ? "none" : "set");
        }

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Change the branding; unspecified parts stay.")
        static final class Set implements Callable<Integer> {
            @ParentCommand
            Branding parent;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Option(names = "--product-name")
            String productName;
            @Option(names = "--primary-color", description = "e.g. #2463eb")
            String primary;
            @Option(names = "--accent-color", description = "e.g. #1a1d24")
            String accent;
            @Option(names = "--logo", paramLabel = "FILE", description = "PNG, JPEG or SVG, at most 256 KiB; '' removes it.")
            String logo;
            @Option(names = "--favicon", paramLabel = "FILE", description = "PNG, SVG or ICO; '' removes it.")
            String favicon;

            @Override
            public Integer call() {
                var args = new LinkedHashMap<String, String>();
                if (productName != null) {
                    args.put("productName", productName);
                }
                if (primary != null) {
                    args.put("primaryColor", primary);
                }
                if (accent != null) {
                    args.put("accentColor", accent);
                }
                if (logo != null) {
                    args.put("logo", dataUri(logo));
                }
                if (favicon != null) {
                    args.put("favicon", dataUri(favicon));
                }
                JsonNode r = parent.root.call("branding.set", args);
                parent.root.print(spec.commandLine().getOut(), r, describe(r));
                return 0;
            }

            private static String dataUri(String file) {
                if (file.isEmpty()) {
                    return "";
                }
                Path p = Path.of(file);
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                String type = name.endsWith(".png") ? "image/png" : name.endsWith(".svg") ? "image/svg+xml"
                        : name.endsWith(".ico") ? "image/x-icon" : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : null;
                if (type == null) {
                    throw new Failure(2, file + ": use a .png, .jpg, .svg or .ico file");
                }
                try {
                    return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new Failure(FAILED, "Cannot read " + file + ": " + e.getMessage());
                }
            }
        }
    }

    @Command(name = "sso", mixinStandardHelpOptions = true, description = "Single sign-on settings (OIDC, SAML).",
            subcommands = {Sso.Show.class, Sso.Set.class})
    static final class Sso {
        @ParentCommand
        ZvcAdmin root;

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the SSO settings (secrets masked).")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Sso parent;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                JsonNode r = parent.root.call("sso.show", Map.of());
                parent.root.print(spec.commandLine().getOut(), r, lines(r));
                return 0;
            }
        }

        static String lines(JsonNode r) {
            var sb = new StringBuilder();
            r.fields().forEachRemaining(e -> sb.append(e.getKey()).append(": ").append(e.getValue().asText()).append('\n'));
            return sb.toString().stripTrailing();
        }

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Set SSO fields as KEY=VALUE, e.g. oidc.issuer=https://idp.example.com oidc.clientId=zvc oidc.enabled=true. Keys: "
                + "oidc.enabled, oidc.issuer, oidc.clientId, oidc.clientSecret, oidc.scopes, saml.enabled, saml.idpMetadataUrl, saml.idpEntityId, saml.spEntityId.")
        static final class Set implements Callable<Integer> {
            @ParentCommand
            Sso parent;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(paramLabel = "KEY=VALUE", arity = "1..*")
            List<String> pairs;

            @Override
            public Integer call() {
                var args = new LinkedHashMap<String, String>();
                for (String p : pairs) {
                    int i = p.indexOf('=');
                    if (i <= 0 || !AdminService.SSO_KEYS.contains(p.substring(0, i))) {
                        throw new Failure(2, "Not a known KEY=VALUE: " + p + " (keys: " + AdminService.SSO_KEYS + ")");
                    }
                    args.put(p.substring(0, i), p.substring(i + 1));
                }
                JsonNode r = parent.root.call("sso.set", args);
                parent.root.print(spec.commandLine().getOut(), r, lines(r));
                return 0;
            }
        }
    }

    @Command(name = "tls", mixinStandardHelpOptions = true, description = "Install the HTTPS certificate.",
            subcommands = {Tls.Install.class})
    static final class Tls {
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
                    throw new Failure(FAILED, e.getMessage());
                }
                if (cfg.tls().isPresent()) {
                    throw new Failure(FAILED, "The configuration names its own tls.cert/tls.key (" + cfg.tls().get().certificate()
                            + "); replace those files instead. Checked: " + what);
                }
                Path dir = AdminSupport.installTls(cfg, cert, key);
                spec.commandLine().getOut().println("Installed " + what + " in " + dir
                        + "\nRestart the appliance to use it: systemctl restart zoomvconnect");
                return 0;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Version, uptime, rooms, participants and database.")
    static final class Status implements Callable<Integer> {
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
            sb.append("\ndatabase: ").append(r.path("database").asText()).append(r.path("databaseHealthy").asBoolean() ? " (healthy)" : " (NOT healthy)");
            sb.append("\nusers: ").append(r.path("users").asLong()).append(", administrators: ").append(r.path("administrators"));
            root.print(spec.commandLine().getOut(), r, sb.toString());
            return 0;
        }
    }
}
