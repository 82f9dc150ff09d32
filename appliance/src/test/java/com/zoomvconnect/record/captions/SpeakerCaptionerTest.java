package com.zoomvconnect.record.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A microphone as the SFU hands it over: real speech encoded to Opus (RFC 7587 RTP packets, 48 kHz
 * clock), with lost packets and a sender's silent stretch left out, is decoded, placed on its
 * timeline by the RTP timestamps and cut into utterances where the speech is.
 */
class SpeakerCaptionerTest {
    @TempDir
    Path dir;

    @Test
    void decodesOpusPlacesItByTimestampAndCutsUtterances() throws Exception {
        short[] one = SpokenAudio.whole(SpokenAudio.say(dir, "en-us+klatt", "the budget for the new office is ready"));
        short[] two = SpokenAudio.whole(SpokenAudio.say(dir, "en-us+klatt", "i will send the report to the team by friday"));
        // 0.6 s quiet, sentence one, 3 s quiet (of which the sender sends nothing for 2 s), sentence two, 1 s quiet.
        short[] all = SpokenAudio.concat(SpokenAudio.silence(600), one, SpokenAudio.silence(3000), two, SpokenAudio.silence(1000));
        long oneStart = 600 * 16;
        long twoStart = oneStart + one.length + 3000 * 16;

        List<SpeechSegmenter.Utterance> got = new ArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        long[] talk = new long[1];
        var captioner = new SpeakerCaptioner("p1", "t1", new SpeakerCaptioner.Listener() {
            @Override
            public void utterance(SpeakerCaptioner from, SpeechSegmenter.Utterance u, long startEpochMs) {
                synchronized (got) {
                    got.add(u);
                }
            }

            @Override
            public void ended(SpeakerCaptioner from, long talkMs) {
                talk[0] = talkMs;
                ended.countDown();
            }
        }, new LongAdder());

        OpusEncoder encoder = new OpusEncoder(16_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        byte[] opus = new byte[1500];
        byte[] rtp = new byte[1500];
        int seq = 40_000;
        long ts = 4_294_960_000L; // wraps past 2^32 on the way (RFC 3550 §5.1)
        long dtxFrom = oneStart + one.length + 500 * 16;
        long dtxTo = dtxFrom + 2000 * 16;
        for (int p = 0; p + SpeechSegmenter.FRAME <= all.length; p += SpeechSegmenter.FRAME) {
            int n = encoder.encode(all, p, SpeechSegmenter.FRAME, opus, 0, opus.length);
            boolean lost = (p / SpeechSegmenter.FRAME) % 50 == 7; // one packet in 50 never arrives
            boolean silent = p >= dtxFrom && p < dtxTo;
            if (!lost && !silent) {
                rtp[0] = (byte) 0x80;
                rtp[1] = 111;
                rtp[2] = (byte) (seq >> 8);
                rtp[3] = (byte) seq;
                rtp[4] = (byte) (ts >> 24);
                rtp[5] = (byte) (ts >> 16);
                rtp[6] = (byte) (ts >> 8);
                rtp[7] = (byte) ts;
                rtp[8] = 0x12;
                rtp[9] = 0x34;
                rtp[10] = 0x56;
                rtp[11] = 0x78;
                System.arraycopy(opus, 0, rtp, 12, n);
                captioner.onRtp(rtp, 0, 12 + n, 0, System.nanoTime());
            }
            seq = (seq + 1) & 0xFFFF;
            ts = (ts + 960) & 0xFFFFFFFFL;
        }
        captioner.trackEnded();
        assertTrue(ended.await(30, TimeUnit.SECONDS), "the captioner finishes");

        assertEquals(2, got.size(), "one utterance per sentence: " + got);
        long voiced = SpokenAudio.voicedMs(one) + SpokenAudio.voicedMs(two);
        // Opus is lossy and a packet in 50 is lost: the talk time is the clean audio's, within 10 %.
        assertTrue(Math.abs(talk[0] - voiced) <= voiced / 10, "talk " + talk[0] + " ms vs voiced " + voiced + " ms");
        // Times on the sender's timeline: the 2 s it sent nothing do not shift the second sentence.
        assertTrue(Math.abs(got.get(0).startSample() - oneStart) <= 300 * 16, got.get(0) + " vs " + oneStart);
        assertTrue(Math.abs(got.get(1).startSample() - twoStart) <= 300 * 16, got.get(1) + " vs " + twoStart);
    }
}
