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
}
