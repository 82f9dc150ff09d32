package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * axe-core (the npm package, installed once per build into {@code target/npm} with the machine's
 * npm) run inside a page: WCAG 2.x A/AA rules, violations of impact serious or critical. Fails
 * loudly when npm or the package is missing, never skips.
 */
public final class Axe {
    /** Pinned: a rule added by a newer axe must not turn a green build red by itself. */
    static final String VERSION = "4.11.0";

    private static String source;

    private Axe() {}

    /** One violated rule: its id, impact, help text and the selectors of the offending nodes. */
    public record Violation(String id, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return impact + " " + id + " (" + help + "): " + String.join(", ", targets);
        }
    }

    /** The serious and critical WCAG A/AA violations on the page as it is now. */
    public static List<Violation> seriousViolations(BrowserPage page) {
        if (!page.evaluate("typeof window.axe === 'object'").asBoolean(false)) {
            page.evaluate(source() + "\n;true");
        }
        JsonNode result = page.evaluate("""
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                                   resultTypes: ['violations']})
                  .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                targets: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' '))})))
                """);
        List<Violation> out = new ArrayList<>();
        for (JsonNode v : result) {
            List<String> targets = new ArrayList<>();
            v.path("targets").forEach(t -> targets.add(t.asText()));
            out.add(new Violation(v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(), targets));
        }
        return out;
    }

    /** Fails with every serious or critical violation listed, naming {@code where} the page was. */
    public static void assertNoSeriousViolations(BrowserPage page, String where) {
        List<Violation> found = seriousViolations(page);
        if (!found.isEmpty()) {
            StringBuilder message = new StringBuilder("axe-core found " + found.size() + " serious/critical violation(s) on " + where + ":");
            found.forEach(v -> message.append("\n  ").append(v));
            throw new AssertionError(message);
        }
    }

    /** axe.min.js, installed with npm into target/npm on first use. */
    static synchronized String source() {
        if (source == null) {
            Path dir = Path.of("target", "npm").toAbsolutePath();
            Path script = dir.resolve("node_modules/axe-core/axe.min.js");
            try {
                if (!Files.isRegularFile(script) || !installedVersion(dir).equals(VERSION)) {
                    install(dir);
                }
                source = Files.readString(script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core " + VERSION + " could not be read from " + script, e);
            }
        }
        return source;
    }

    private static String installedVersion(Path dir) throws IOException {
        Path manifest = dir.resolve("node_modules/axe-core/package.json");
        if (!Files.isRegularFile(manifest)) {
            return "";
        }
        var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(manifest));
        return m.find() ? m.group(1) : "";
    }

    private static void install(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("npm-install.log");
        ProcessBuilder pb = new ProcessBuilder("npm", "install", "--no-save", "--no-package-lock", "--ignore-scripts",
                "--no-audit", "--no-fund", "--prefix", dir.toString(), "axe-core@" + VERSION)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("npm is needed to install axe-core for the accessibility tests and did not start", e);
        }
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm install axe-core@" + VERSION + " took over 5 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("npm install axe-core@" + VERSION + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(log));
        }
    }
}
