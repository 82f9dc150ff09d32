package com.zoomvconnect.testing;

import com.zoomvconnect.store.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's server binaries ({@code apt-get install postgresql})
 * started once per JVM in a temporary directory on a free loopback port, stopped at exit. There is
 * no fallback and no skipping: without the binaries the PostgreSQL tests fail with a clear message.
 */
public final class PostgresServer implements AutoCloseable {
    private static PostgresServer shared;

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The JVM-wide server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start(null, null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "pg-test-stop"));
        }
        return shared;
    }

    /** A fresh, empty database on the shared server. */
    public DatabaseConfig newDatabase() {
        String name = "zvc_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (var c = DriverManager.getConnection(url("postgres"), "zvc", ""); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new DatabaseConfig(url(name), "zvc", "", 5);
    }

    /**
     * A server of the caller's own, which it may stop and start again (outage tests); {@link #close}
     * removes it. Costs an initdb, a second or two.
     */
    public static PostgresServer startPrivate() {
        return start(null, null);
    }

    /**
     * A server of the caller's own with its data directory under {@code parent} (e.g. a small file
     * system the test fills up), WAL in 1 MiB segments so that it fits a few dozen MiB.
     */
    public static PostgresServer startPrivateIn(Path parent) {
        return start(parent, null);
    }

    /**
     * A server of the caller's own whose write-ahead log lives under {@code walParent} (e.g. a small
     * file system the test fills up) and its tables elsewhere, WAL in 1 MiB segments.
     */
    public static PostgresServer startPrivateWithWalIn(Path walParent) {
        return start(null, walParent);
    }

    /** Where the server's log is (what PostgreSQL said when it failed). */
    public Path logFile() {
        return dataDir.getParent().resolve("server.log");
    }

    /** True when the server accepts connections. */
    public boolean isRunning() {
        try (var c = DriverManager.getConnection(url("postgres"), "zvc", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Stops the server the way {@code systemctl stop postgresql} does (fast: sessions are ended). */
    public void stopServer() {
        run(isRoot(), List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-m", "fast", "stop"));
    }

    /** Starts a stopped server again on the same port and data directory. */
    public void startServer() {
        pgCtlStart(binDir, dataDir, port);
    }

    @Override
    public void close() {
        stop();
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start(Path parent, Path walParent) {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = parent == null ? Files.createTempDirectory("zvc-pg-") : Files.createTempDirectory(parent, "zvc-pg-");
            Path data = dir.resolve("data");
            if (root) {
                // initdb and postgres refuse to run as root: hand the directory to the postgres user.
                UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, lookup.lookupPrincipalByName("postgres"));
            }
            int port = Ports.free();
            List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "zvc",
                    "--auth=trust", "--encoding=UTF8", "--no-sync"));
            if (walParent != null) {
                // initdb creates it (as the postgres user when run by root: the parent must let it).
                initdb.add("--waldir=" + walParent.resolve(dir.getFileName() + "-wal"));
            }
            if (parent != null || walParent != null) {
                initdb.add("--wal-segsize=1");
            }
            run(root, initdb);
            pgCtlStart(bin, data, port);
            return new PostgresServer(bin, data, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL for tests: " + e.getMessage(), e);
        }
    }

    private static void pgCtlStart(Path bin, Path data, int port) {
        Path dir = data.getParent();
        run(isRoot(), List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void stop() {
        try {
            run("root".equals(System.getProperty("user.name")),
                    List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "stop"));
        } catch (RuntimeException e) {
            // Best effort at exit.
        }
        try (Stream<Path> walk = Files.walk(dataDir.getParent())) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort at exit.
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv("ZVC_TEST_PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Path.of(configured);
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(p -> {
                            String v = p.getParent().getFileName().toString();
                            return v.matches("\\d+") ? Integer.parseInt(v) : 0;
                        }));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                // fall through to the error below
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and "
                + "$ZVC_TEST_PG_BIN). Install them with: apt-get install postgresql");
    }

    private static void run(boolean asPostgresUser, List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("command failed: " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
