package com.zoomvconnect.record.transcribe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Speech to timed words, offline. Engines: pocketsphinx (Debian's), Vosk (a model the admin installs). */
public interface TranscriptionEngine {
    /** A recognised word and when it was said, in milliseconds from the start of the audio. */
    record Word(String text, long startMs, long endMs) {
    }

    String name();

    /** Why this engine cannot run here, or null when it can. */
    String unavailableReason();

    /** Transcribes 16 kHz mono 16-bit little-endian PCM in a WAV file. */
    List<Word> transcribe(Path wav16kMono) throws IOException, InterruptedException;

    /**
     * This engine expecting the words of {@code hints} (a meeting's participants' names, its
     * title) where it supports that; engines that cannot use hints return themselves.
     */
    default TranscriptionEngine withHints(VocabularyHints hints) {
        return this;
    }

    /** The hints this engine was given ({@link VocabularyHints#NONE} when none, or when it ignores them). */
    default VocabularyHints hints() {
        return VocabularyHints.NONE;
    }
}
