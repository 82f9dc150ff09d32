package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Web client branding: {@code zvc-admin branding show|set}. */
@Command(name = "branding", mixinStandardHelpOptions = true, description = "Product name, colours, logo and icon of the web client (applied live).",
        subcommands = {Branding.Show.class, Branding.Set.class})
final class Branding {
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
                + "\nfavicon: " + (r.path("favicon").asText().isEmpty() ? "none" : "set")
                + "\nsign-in message: " + (r.path("signInMessage").asText().isEmpty() ? "none" : r.path("signInMessage").asText());
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
        @Option(names = "--sign-in-message", paramLabel = "TEXT", description = "Shown above the sign-in page's forms (at most 500 characters); '' removes it.")
        String signInMessage;

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
            if (signInMessage != null) {
                args.put("signInMessage", signInMessage);
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
                throw new ZvcAdmin.Failure(2, file + ": use a .png, .jpg, .svg or .ico file");
            }
            try {
                return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new ZvcAdmin.Failure(ZvcAdmin.FAILED, "Cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
