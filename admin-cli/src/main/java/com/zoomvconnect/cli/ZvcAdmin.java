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
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
        subcommands = {Users.class, Registration.class, E2ee.class, Branding.class, Sso.class, Audit.class, Meetings.class, MeetingDefaults.class,
            Recordings.class, Tls.class,
            Status.class, ClusterCommand.class, Backup.class, Restore.class, Doctor.class, Transcription.class,
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

    /** {@code KEY=VALUE} arguments as a map, in order; a malformed pair or a key not in {@code keys} is a usage error (exit 2). */
    static java.util.LinkedHashMap<String, String> knownPairs(java.util.List<String> pairs, java.util.Collection<String> keys) {
        var args = new java.util.LinkedHashMap<String, String>();
        for (String p : pairs) {
            int i = p.indexOf('=');
            if (i <= 0 || !keys.contains(p.substring(0, i))) {
                throw new Failure(2, "Not a known KEY=VALUE: " + p + " (keys: " + keys + ")");
            }
            args.put(p.substring(0, i), p.substring(i + 1));
        }
        return args;
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
}
