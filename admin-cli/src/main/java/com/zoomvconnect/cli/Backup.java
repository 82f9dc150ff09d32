package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.AppConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code zvc-admin backup FILE}: one zip with a consistent SQL script of the embedded database
 * (taken online if the appliance runs), the configuration, the secrets and the TLS files.
 * Recordings are not in it (they are plain files under {@code <data>/recordings}: copy them).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up the database, configuration, secrets and TLS files into a zip (works while running).")
final class Backup implements Callable<Integer> {
    static final String SQL = "database.sql";

    @ParentCommand
    ZvcAdmin root;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "The archive to write (.zip); must not exist.")
    Path file;

    @Override
    public Integer call() throws IOException {
        AppConfig cfg = root.loadConfig();
        if (cfg.database().isPostgres()) {
            throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "The database is PostgreSQL: back it up with pg_dump, and copy "
                    + cfg.dataDir() + "/secrets and /tls with it");
        }
        if (Files.exists(file)) {
            throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, file + " exists; choose a new file name");
        }
        Path staging = cfg.dataDir().resolve("backup-" + System.nanoTime() + ".sql");
        try {
            root.call("database.script", Map.of("path", staging.toAbsolutePath().toString()));
            Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".partial");
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                add(zip, SQL, staging);
                if (Files.isRegularFile(root.config)) {
                    add(zip, "config/zoomvconnect.yaml", root.config);
                }
                for (String dir : List.of("secrets", "tls")) {
                    Path d = cfg.dataDir().resolve(dir);
                    if (Files.isDirectory(d)) {
                        try (var files = Files.list(d)) {
                            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                                add(zip, dir + "/" + f.getFileName(), f);
                            }
                        }
                    }
                }
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", "zoomvconnect-backup-1");
                manifest.put("version", com.zoomvconnect.admin.AdminService.version());
                manifest.put("createdAt", Instant.now().toString());
                manifest.put("database", "h2");
                zip.putNextEntry(new ZipEntry("manifest.json"));
                zip.write(ZvcAdmin.JSON.writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
        } finally {
            Files.deleteIfExists(staging);
        }
        JsonNode r = ZvcAdmin.JSON.valueToTree(Map.of("file", file.toAbsolutePath().toString(), "bytes", Files.size(file)));
        root.print(spec.commandLine().getOut(), r, "Backed up to " + file.toAbsolutePath() + " (" + Files.size(file)
                + " bytes; it holds secrets: keep it safe). Recordings are not included: copy " + cfg.dataDir().resolve("recordings"));
        return 0;
    }

    private static void add(ZipOutputStream zip, String name, Path f) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(f, zip);
        zip.closeEntry();
    }
}
