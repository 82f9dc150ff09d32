package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The web client's message catalogues (web/i18n/*.json, read by js/i18n.js) checked against the
 * client's sources: every string the code passes to {@code t('...')} or marks with
 * {@code msg('...')} has a German translation, the translation keeps the placeholders, and the
 * catalogue holds no strings the code no longer uses. A static check over the JS files, as the
 * English text is the key.
 */
class MessageCatalogueTest {
    /** The client's sources, beside this module (tests run in the appliance module's folder). */
    private static final Path WEB = Path.of("..", "web-static", "src", "main", "web");
    /** {@code t(} or {@code msg(} followed by a single- or double-quoted string (not a method such as {@code x.t(}). */
    private static final Pattern CALL = Pattern.compile("(?<![\\w.$])(?:t|msg)\\(\\s*(?:'((?:\\\\.|[^'\\\\])*)'|\"((?:\\\\.|[^\"\\\\])*)\")");
    /** A translated call whose text is not a plain literal (a template or a sum): its key cannot be checked. */
    private static final Pattern UNCHECKABLE = Pattern.compile("(?<![\\w.$])t\\(\\s*(`|'(?:\\\\.|[^'\\\\])*'\\s*\\+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** Each key the sources use, with the first file that uses it. */
    private static Map<String, String> keysInSources() throws IOException {
        assertTrue(Files.isDirectory(WEB.resolve("js")), "the web client's sources are not at " + WEB.toAbsolutePath());
        Map<String, String> keys = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(WEB.resolve("js"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                Matcher m = CALL.matcher(Files.readString(f));
                while (m.find()) {
                    String raw = m.group(1) != null ? m.group(1) : m.group(2);
                    keys.putIfAbsent(raw.replace("\\'", "'").replace("\\\"", "\""), WEB.relativize(f).toString());
                }
            }
        }
        return keys;
    }

    private static JsonNode catalogue(String language) throws IOException {
        return new ObjectMapper().readTree(WEB.resolve("i18n").resolve(language + ".json").toFile());
    }

    private static Set<String> placeholders(String s) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyStringTheClientTranslatesIsInTheGermanCatalogue() throws IOException {
        Map<String, String> keys = keysInSources();
        assertTrue(keys.size() > 250, "only " + keys.size() + " translated strings found: is the pattern still right?");
        JsonNode de = catalogue("de");
        List<String> missing = new ArrayList<>();
        keys.forEach((key, file) -> {
            if (!de.hasNonNull(key) || de.get(key).asText().isBlank()) {
                missing.add(file + ": \"" + key + "\"");
            }
        });
        assertTrue(missing.isEmpty(), missing.size() + " strings have no German translation:\n" + String.join("\n", missing));
    }

    @Test
    void germanTranslationsKeepTheirPlaceholdersAndNoneIsStale() throws IOException {
        Set<String> used = keysInSources().keySet();
        JsonNode de = catalogue("de");
        List<String> problems = new ArrayList<>();
        de.properties().forEach(e -> {
            if (!placeholders(e.getKey()).equals(placeholders(e.getValue().asText()))) {
                problems.add("\"" + e.getKey() + "\" → \"" + e.getValue().asText() + "\": placeholders differ");
            }
            if (!used.contains(e.getKey())) {
                problems.add("\"" + e.getKey() + "\" is no longer used by the client");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * The server's refusals reach people as toasts, form errors and the ended card: each code of
     * {@link ErrorCode} (REST and signaling share them) has its text in js/server-errors.js, which
     * {@link #everyStringTheClientTranslatesIsInTheGermanCatalogue} then finds in German; the
     * table names no code the server no longer sends.
     */
    @Test
    void everyErrorCodeTheServerSendsHasATranslatedTextInTheClient() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*(\\w+): msg\\(").matcher(Files.readString(WEB.resolve("js").resolve("server-errors.js")));
        Set<String> table = new TreeSet<>();
        while (m.find()) {
            table.add(m.group(1));
        }
        Set<String> codes = Stream.of(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(codes);
        missing.removeAll(table);
        Set<String> unknown = new TreeSet<>(table);
        unknown.removeAll(codes);
        assertTrue(missing.isEmpty() && unknown.isEmpty(),
                "server-errors.js lacks " + missing + " and names codes ErrorCode does not have: " + unknown);
    }

    /** Offline, the service worker answers from its cache: without a catalogue there, a German user would read English. */
    @Test
    void theServiceWorkerCachesEveryCatalogueAndTheOfflinePagesScripts() throws IOException {
        String sw = Files.readString(WEB.resolve("sw.js"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(WEB.resolve("i18n"))) {
            files.map(f -> "/i18n/" + f.getFileName()).sorted().filter(url -> !sw.contains("'" + url + "'")).forEach(missing::add);
        }
        for (String script : List.of("/js/offline.js", "/js/i18n.js", "/offline.html")) {
            if (!sw.contains("'" + script + "'")) {
                missing.add(script);
            }
        }
        assertTrue(missing.isEmpty(), "sw.js's SHELL does not cache " + missing);
    }

    @Test
    void everyTranslatedTextIsAPlainLiteral() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(WEB.resolve("js"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                Matcher m = UNCHECKABLE.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(WEB.relativize(f) + ": " + m.group());
                }
            }
        }
        assertTrue(found.isEmpty(), "t() with a template or a sum (use {placeholders}; the key must be one literal):\n" + String.join("\n", found));
    }
}
