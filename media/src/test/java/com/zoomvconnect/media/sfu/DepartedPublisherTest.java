package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.sdp.SdpParser;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber who stays while publishers come and go keeps no down-track of a departed publisher,
 * which would hold the departed publisher's up-track, packet caches and connection for as long as
 * the subscriber stays — the soak's heap grew 20 MB a minute that way — and no m-line per departed
 * track either: they are reused ({@link MLineReuseTest}).
 */
class DepartedPublisherTest {
    private final SfuFixture fixture = new SfuFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void departedPublishersLeaveOnlyInactiveMLinesBehindAndThoseAreReused() {
        SfuParticipant stays = fixture.join("R", "stays", SfuFixture.quietListener());
        SfuFixture.answerOffer(stays);
        for (int i = 0; i < 20; i++) {
            SfuParticipant guest = fixture.joinAndPublish("R", "guest" + i, SfuFixture.quietListener());
            SfuFixture.answerOffer(stays);
            assertEquals(2, stays.downTracks().size(), "the guest's microphone and camera");
            guest.close();
        }
        assertEquals(List.of(), stays.downTracks(), "no down-track outlives its publisher");
        // The departed guest's two m-lines (not yet offered inactive) and the one before's (answered
        // inactive, reusable): a guest takes over the m-lines of the guest before the one it follows.
        assertEquals(4, stays.stoppedLineCount());

        // The next publisher takes over two of them: the offer keeps four m-lines, in mid order.
        SfuParticipant last = fixture.joinAndPublish("R", "last", SfuFixture.quietListener());
        var offer = stays.nextSubscribeOffer().orElseThrow();
        var media = SdpParser.parse(offer.sdp()).media();
        assertEquals(4, media.size());
        Set<String> live = offer.tracks().stream().map(ParticipantMedia.DownTrackInfo::mid).collect(Collectors.toSet());
        for (int i = 0; i < media.size(); i++) {
            assertEquals(Integer.toString(i), media.get(i).mid(), "m-lines keep their order");
            assertEquals(live.contains(media.get(i).mid()), media.get(i).hasFlag("sendonly"), "m-line " + i);
            assertEquals(!live.contains(media.get(i).mid()), media.get(i).hasFlag("inactive"), "m-line " + i);
        }
        assertEquals(2, offer.tracks().size());
        assertTrue(offer.tracks().stream().allMatch(t -> t.participantId().equals("last")));
        stays.subscribeAnswer(SfuFixture.answer(offer.sdp()));
        last.close();
        stays.close();
    }

    /** A recording that keeps every track it was given until it stops, as the appliance's does. */
    private static final class KeepingRecording implements RecordingTap {
        final List<RecordedTrack> tracks = new CopyOnWriteArrayList<>();

        @Override
        public TrackSink trackAdded(RecordedTrack track) {
            tracks.add(track);
            return new TrackSink() {
                @Override
                public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
                }

                @Override
                public void trackEnded() {
                }
            };
        }
    }

    @Test
    void nothingHoldsADepartedPublisherWhileTheRecordingAndTheOthersStay() throws Exception {
        var recording = new KeepingRecording();
        SfuParticipant stays = fixture.join("R", "stays", SfuFixture.quietListener());
        SfuFixture.answerOffer(stays);
        try (AutoCloseable rec = fixture.sfu.record("R", recording)) {
            WeakReference<SfuParticipant> gone = publishAndLeave();
            assertEquals(2, recording.tracks.size(), "the recording keeps the departed tracks' descriptions");
            for (int i = 0; i < 50 && gone.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(null, gone.get(), "the departed publisher was collected");
            recording.tracks.getFirst().keyframeRequest().accept(0); // asking now does nothing, and does not fail
        }
        stays.close();
    }

    private WeakReference<SfuParticipant> publishAndLeave() {
        SfuParticipant guest = fixture.joinAndPublish("R", "guest", SfuFixture.quietListener());
        SfuParticipant stays = (SfuParticipant) fixture.sfu.rooms().getFirst().participants().getFirst();
        SfuFixture.answerOffer(stays);
        guest.close();
        SfuFixture.answerOffer(stays);
        return new WeakReference<>(guest);
    }

    @Test
    void aClientThatNeverAnswersDoesNotKeepDepartedPublishers() throws Exception {
        // A participant that never answers its subscribe offer (the load generator's publishers do
        // not): the pending offer names the tracks of whoever was present, who may leave meanwhile.
        SfuParticipant silent = fixture.joinAndPublish("R", "silent", SfuFixture.quietListener());
        WeakReference<SfuParticipant> gone = publishOfferedAndLeave(silent);
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(null, gone.get(), "a departed publisher is not kept by another's unanswered offer");
        silent.close();
    }

    private WeakReference<SfuParticipant> publishOfferedAndLeave(SfuParticipant silent) {
        SfuParticipant guest = fixture.joinAndPublish("R", "guest", SfuFixture.quietListener());
        assertEquals(2, silent.nextSubscribeOffer().orElseThrow().tracks().size(), "the guest's tracks, never answered");
        guest.close();
        return new WeakReference<>(guest);
    }
}
