package com.zoomvconnect.record.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk (Kaldi) through its Java binding, with a model the admin installs under
 * {@code <data>/models/vosk/<name>} ({@code zvc-admin transcription install-model}). Much more
 * accurate than pocketsphinx, and the models come in many languages. Words and times come from
 * the recognizer's JSON results ({@code setWords(true)}).
 */
public final class VoskEngine implements TranscriptionEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path modelsDir;

    /** @param modelsDir where models are installed; the first one (by name) is used */
    public VoskEngine(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    @Override
    public String name() {
        return "vosk";
    }

    /** The installed model: a directory with Vosk's {@code am/} and {@code conf/}. */
    Optional<Path> model() {
        if (!Files.isDirectory(modelsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(modelsDir)) {
            return s.filter(p -> Files.isDirectory(p.resolve("am")) && Files.isDirectory(p.resolve("conf"))).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String unavailableReason() {
        return model().isPresent() ? null
                : "no Vosk model in " + modelsDir + " (install one with: zvc-admin transcription install-model MODEL.zip)";
    }

    @Override
    public List<Word> transcribe(Path wav) throws IOException {
        Path dir = model().orElseThrow(() -> new IOException(unavailableReason()));
        return transcribe(dir, wav);
    }

    static List<Word> transcribe(Path modelDir, Path wav) throws IOException {
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        List<Word> words = new ArrayList<>();
        Model model;
        try {
            model = new Model(modelDir.toString());
        } catch (IOException | RuntimeException e) {
            throw new IOException("Vosk cannot load the model in " + modelDir + ": " + e.getMessage(), e);
        }
        byte[] all = Files.readAllBytes(wav);
        int data = Wav.dataOffset(all);
        try (model; Recognizer r = new Recognizer(model, 16_000f)) {
            r.setWords(true);
            byte[] buf = new byte[8000];
            for (int p = data; p < all.length; p += buf.length) {
                int n = Math.min(buf.length, all.length - p);
                System.arraycopy(all, p, buf, 0, n);
                if (r.acceptWaveForm(buf, n)) {
                    collect(r.getResult(), words);
                }
            }
            collect(r.getFinalResult(), words);
        }
        return words;
    }

    static void collect(String json, List<Word> out) throws IOException {
        JsonNode root = JSON.readTree(json);
        for (JsonNode w : root.path("result")) {
            out.add(new Word(w.path("word").asText(), Math.round(w.path("start").asDouble() * 1000),
                    Math.round(w.path("end").asDouble() * 1000)));
        }
    }
}
