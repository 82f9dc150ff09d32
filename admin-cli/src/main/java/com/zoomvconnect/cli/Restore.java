package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminChannel;
import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code zvc-admin restore FILE}: with the appliance stopped, replaces the embedded database with
 * the archive's and puts back its secrets and TLS files. The current database is kept aside in
 * {@code <data>/db.before-restore-<time>}; the configuration is not overwritten (the archived one
 * is written next to the live one for comparison).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup made with 'zvc-admin backup' (stop the appliance first).")
final class Restore implements Callable<Integer> {
    @ParentCommand
    ZvcAdmin root;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
        AppConfig cfg = root.loadConfig();
        if (cfg.database().isPostgres()) {
            throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "The database is PostgreSQL: restore it with pg_restore/psql");
        }
        if (Doctor.applianceAnswers(cfg.dataDir())) {
            throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "The appliance is running: stop it first (systemctl stop zoomvconnect)");
        }
        Path data = cfg.dataDir();
        Path sql = Files.createTempFile(data, "restore-", ".sql");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifest = zip.getEntry("manifest.json");
            ZipEntry db = zip.getEntry(Backup.SQL);
            if (manifest == null || db == null) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, file + " is not a ZoomVconnect backup (no manifest or database)");
            }
            JsonNode m = ZvcAdmin.JSON.readTree(zip.getInputStream(manifest));
            if (!"zoomvconnect-backup-1".equals(m.path("format").asText())) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, file + " has an unknown format " + m.path("format"));
            }
            try (var in = zip.getInputStream(db)) {
                Files.copy(in, sql, StandardCopyOption.REPLACE_EXISTING);
            }
            Path dbDir = data.resolve("db");
            Path aside = data.resolve("db.before-restore-" + Instant.now().toString().replace(':', '-'));
            if (Files.exists(dbDir)) {
                Files.move(dbDir, aside);
            }
            try {
                DatabaseConfig fresh = DatabaseConfig.embedded(data);
                try (Database restored = Database.openWithoutMigration(fresh)) {
                    restored.jdbi().useHandle(h -> h.execute("RUNSCRIPT FROM '" + sql.toAbsolutePath() + "'"));
                }
                // Newer code migrates the restored schema on its next start (Flyway).
            } catch (RuntimeException e) {
                // Put the previous database back: a failed restore changes nothing.
                deleteTree(dbDir);
                if (Files.exists(aside)) {
                    Files.move(aside, dbDir);
                }
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "Restore failed, the previous database is back: " + e.getMessage());
            }
            for (String dir : new String[] {"secrets/", "tls/"}) {
                var entries = zip.stream().filter(e -> e.getName().startsWith(dir) && !e.isDirectory()).toList();
                for (ZipEntry e : entries) {
                    Path target = data.resolve(e.getName()).normalize();
                    if (!target.startsWith(data)) {
                        continue; // no path traversal from an archive
                    }
                    Files.createDirectories(target.getParent());
                    try (var in = zip.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    try {
                        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException x) {
                        // not POSIX
                    }
                }
            }
            ZipEntry conf = zip.getEntry("config/zoomvconnect.yaml");
            String confNote = "";
            if (conf != null && Files.isRegularFile(root.config)) {
                Path copy = root.config.resolveSibling(root.config.getFileName() + ".from-backup");
                try (var in = zip.getInputStream(conf)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                confNote = "\nThe archived configuration is in " + copy + " (the live one was left as it is).";
            }
            Ownership.match(data, data);
            Files.deleteIfExists(AdminChannel.socketPath(data));
            spec.commandLine().getOut().println("Restored " + file + " (made " + m.path("createdAt").asText() + " by "
                    + m.path("version").asText() + "). The previous database is in " + aside + "." + confNote
                    + "\nStart the appliance: systemctl start zoomvconnect");
        } catch (java.util.zip.ZipException e) {
            throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, file + " is not a readable zip: " + e.getMessage());
        } finally {
            Files.deleteIfExists(sql);
        }
        return 0;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
