package com.zoomvconnect.record.transcribe;

import com.zoomvconnect.record.tools.MediaTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CMU pocketsphinx as Debian packages it ({@code pocketsphinx} with the {@code pocketsphinx-en-us}
 * model): {@code pocketsphinx_continuous -time yes} prints one line per word with its start and
 * end in seconds; fillers ({@code <s>}, {@code <sil>}, {@code [NOISE]}) are dropped and
 * alternative pronunciations ({@code word(2)}) folded. With {@link VocabularyHints} a second
 * search spots the hint phrases in the same audio ({@link KeywordSpotter}).
 */
public final class PocketsphinxEngine implements TranscriptionEngine {
    static final Path MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");

    private final KeywordSpotter spotter;
    private final VocabularyHints hints;

    public PocketsphinxEngine() {
        this(new KeywordSpotter(MODEL.resolve("cmudict-en-us.dict"),
                Path.of(System.getProperty("java.io.tmpdir"), "zvc-pocketsphinx-hints-" + ProcessHandle.current().pid())),
                VocabularyHints.NONE);
    }

    private PocketsphinxEngine(KeywordSpotter spotter, VocabularyHints hints) {
        this.spotter = spotter;
        this.hints = hints;
    }

    @Override
    public TranscriptionEngine withHints(VocabularyHints hints) {
        return hints.equals(this.hints) ? this : new PocketsphinxEngine(spotter, hints);
    }

    @Override
    public VocabularyHints hints() {
        return hints;
    }

    @Override
    public String name() {
        return "pocketsphinx";
    }

    @Override
    public String unavailableReason() {
        if (MediaTools.find("pocketsphinx_continuous").isEmpty()) {
            return "pocketsphinx is not installed (apt install pocketsphinx pocketsphinx-en-us)";
        }
        if (!Files.isDirectory(MODEL.resolve("en-us"))) {
            return "the pocketsphinx-en-us model is not installed";
        }
        return null;
    }

    @Override
    public List<Word> transcribe(Path wav) throws IOException, InterruptedException {
        Optional<Path> bin = MediaTools.find("pocketsphinx_continuous");
        if (bin.isEmpty()) {
            throw new IOException(unavailableReason());
        }
        var r = MediaTools.run(List.of(bin.get().toString(), "-infile", wav.toString(), "-time", "yes",
                "-hmm", MODEL.resolve("en-us").toString(), "-lm", MODEL.resolve("en-us.lm.bin").toString(),
                "-dict", MODEL.resolve("cmudict-en-us.dict").toString(), "-logfn", "/dev/null"), 3600);
        List<Word> words = parse(r.stdout());
        if (hints.isEmpty()) {
            return words;
        }
        KeywordSpotter.SpotterFiles f = spotter.files(hints);
        if (f == null) {
            return words;
        }
        var spotted = MediaTools.run(List.of(bin.get().toString(), "-infile", wav.toString(), "-time", "yes",
                "-hmm", MODEL.resolve("en-us").toString(), "-kws", f.keyphrases().toString(), "-dict", f.dict().toString(),
                "-logfn", "/dev/null"), 3600);
        return KeywordSpotter.merge(words, KeywordSpotter.parse(spotted.stdout()));
    }

    static List<Word> parse(String out) {
        List<Word> words = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            String w = f[0];
            if (w.startsWith("<") || w.startsWith("[") || w.startsWith("++")) {
                continue;
            }
            try {
                long start = Math.round(Double.parseDouble(f[1]) * 1000);
                long end = Math.round(Double.parseDouble(f[2]) * 1000);
                words.add(new Word(w.replaceAll("\\(\\d+\\)$", ""), start, end));
            } catch (NumberFormatException e) {
                // the hypothesis line (no times): the timed lines carry the same words
            }
        }
        return words;
    }
}
