package com.zoomvconnect.cli;

import com.zoomvconnect.app.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Transcription engine assets. */
@Command(name = "transcription", mixinStandardHelpOptions = true, description = "Transcription engine models.",
        subcommands = {Transcription.InstallModel.class})
final class Transcription {
    @ParentCommand
    ZvcAdmin root;

    /**
     * {@code zvc-admin transcription install-model SRC}: a Vosk model (its zip, or an unpacked
     * directory) goes to {@code <data>/models/vosk/<name>}, where the appliance finds it. A model
     * directory has {@code am/} and {@code conf/}.
     */
    @Command(name = "install-model", mixinStandardHelpOptions = true,
            description = "Install a Vosk speech model (zip or directory) for transcription.")
    static final class InstallModel implements Callable<Integer> {
        @ParentCommand
        Transcription parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "SRC", description = "The model's .zip or its directory.")
        Path source;
        @Option(names = "--name", description = "Directory name under models/vosk (default: the model's own).")
        String name;
        @Option(names = "--force", description = "Replace an installed model of the same name.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            AppConfig cfg = parent.root.loadConfig();
            Path models = cfg.dataDir().resolve("models").resolve("vosk");
            Files.createDirectories(models);
            Path staging = Files.createTempDirectory(models, ".install-");
            try {
                Path modelDir;
                if (Files.isDirectory(source)) {
                    modelDir = findModel(source);
                    copyTree(modelDir, staging.resolve("m"));
                } else {
                    unzip(source, staging.resolve("z"));
                    modelDir = findModel(staging.resolve("z"));
                    Files.move(modelDir, staging.resolve("m"));
                }
                String target = name != null ? name : modelDir.getFileName().toString();
                if (!target.matches("[A-Za-z0-9._-]{1,100}") || target.startsWith(".")) {
                    throw new ZvcAdmin.Failure(2, "Model name must be letters, digits, '.', '_' or '-': " + target);
                }
                Path dest = models.resolve(target);
                if (Files.exists(dest)) {
                    if (!force) {
                        throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, dest + " exists (use --force to replace it)");
                    }
                    delete(dest);
                }
                Files.move(staging.resolve("m"), dest);
                Ownership.match(cfg.dataDir(), models);
                spec.commandLine().getOut().println("Installed Vosk model " + target + " in " + dest
                        + "\nSet recording.transcription.vosk.model to it (or leave it unset to use the first model there).");
                return 0;
            } finally {
                delete(staging);
            }
        }

        private static Path findModel(Path root) throws IOException {
            try (var s = Files.walk(root, 3)) {
                return s.filter(Files::isDirectory)
                        .filter(d -> Files.isDirectory(d.resolve("am")) && Files.isDirectory(d.resolve("conf")))
                        .findFirst()
                        .orElseThrow(() -> new ZvcAdmin.Failure(ZvcAdmin.FAILED, root + " holds no Vosk model (a directory with am/ and conf/)"));
            }
        }

        private static void unzip(Path zipFile, Path to) throws IOException {
            try (ZipFile zip = new ZipFile(zipFile.toFile())) {
                for (ZipEntry e : zip.stream().toList()) {
                    Path p = to.resolve(e.getName()).normalize();
                    if (!p.startsWith(to)) {
                        throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "Unsafe path in the archive: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(p);
                    } else {
                        Files.createDirectories(p.getParent());
                        try (var in = zip.getInputStream(e)) {
                            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } catch (java.util.zip.ZipException e) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, zipFile + " is not a readable zip: " + e.getMessage());
            }
        }

        private static void copyTree(Path from, Path to) throws IOException {
            try (var s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }

        private static void delete(Path p) throws IOException {
            if (!Files.exists(p)) {
                return;
            }
            try (var s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
            }
        }
    }
}
