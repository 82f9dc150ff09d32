package com.zoomvconnect.record;

import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lets the engines' tests use the recorder's chunking. */
public final class TranscriberAccess {
    private TranscriberAccess() {
    }

    public static List<TranscriptionEngine.Word> inChunks(TranscriptionEngine engine, Path wav, Path tmp)
            throws IOException, InterruptedException {
        return Transcriber.inChunks(engine, wav, tmp);
    }
}
