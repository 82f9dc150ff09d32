package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.media.sfu.BandwidthAllocator.Allocation;
import com.zoomvconnect.media.sfu.BandwidthAllocator.Demand;
import com.zoomvconnect.media.sfu.BandwidthAllocator.Kind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The layer policy as a table: budget against the layers' bitrates, order of tracks, headroom. */
class BandwidthAllocatorTest {
    /** A 720p camera as q/h/f. */
    private static final long[] QHF = {150_000, 500_000, 1_500_000};
    private static final boolean[] ALL = {true, true, true};
    private static final long UNLIMITED = BandwidthAllocator.UNLIMITED_BPS;

    private static Demand camera(int maxLayer, OptionalInt forwarding) {
        return new Demand(Kind.SIMULCAST, QHF, ALL, maxLayer, forwarding);
    }

    private static Demand camera(int maxLayer, boolean[] active) {
        return new Demand(Kind.SIMULCAST, QHF, active, maxLayer, OptionalInt.of(0));
    }

    private static Demand screen(long bps) {
        return new Demand(Kind.VIDEO, new long[] {bps}, new boolean[] {true}, Integer.MAX_VALUE, OptionalInt.of(0));
    }

    private static Demand audio(long bps) {
        return new Demand(Kind.AUDIO, new long[] {bps}, new boolean[] {true}, Integer.MAX_VALUE, OptionalInt.of(0));
    }

    private static Optional<Allocation> give(int layer, int temporal) {
        return Optional.of(new Allocation(layer, temporal));
    }

    static Stream<Arguments> cases() {
        OptionalInt starting = OptionalInt.empty();
        OptionalInt onQ = OptionalInt.of(0);
        OptionalInt onF = OptionalInt.of(2);
        return Stream.of(
                Arguments.of("no estimate: the top layer", UNLIMITED, List.of(camera(2, starting)), List.of(give(2, 2))),
                Arguments.of("small tile: the layer it needs", UNLIMITED, List.of(camera(0, starting)), List.of(give(0, 2))),
                Arguments.of("top fits with 20 % headroom", 1_800_000L, List.of(camera(2, onQ)), List.of(give(2, 2))),
                Arguments.of("going up without headroom: half the frame rate first", 1_700_000L,
                        List.of(camera(2, onQ)), List.of(give(2, 1))),
                Arguments.of("staying needs no headroom (hysteresis)", 1_500_000L, List.of(camera(2, onF)), List.of(give(2, 2))),
                Arguments.of("short: a lower layer at half rate", 500_000L, List.of(camera(2, onQ)), List.of(give(1, 1))),
                Arguments.of("shorter: the lowest layer", 160_000L, List.of(camera(2, onQ)), List.of(give(0, 2))),
                Arguments.of("very short: lowest layer, a quarter of the frames, never paused", 10_000L,
                        List.of(camera(2, onQ)), List.of(give(0, 0))),
                Arguments.of("top layer stopped by the publisher", UNLIMITED,
                        List.of(camera(2, new boolean[] {true, true, false})), List.of(give(1, 2))),
                Arguments.of("only a layer above the tile's flows: take it", UNLIMITED,
                        List.of(camera(0, new boolean[] {false, false, true})), List.of(give(2, 2))),
                Arguments.of("nothing flows: no change", UNLIMITED,
                        List.of(camera(2, new boolean[] {false, false, false})), List.of(Optional.empty())),
                Arguments.of("screen share is budgeted before cameras", 2_000_000L,
                        List.of(camera(2, onQ), screen(1_500_000)), List.of(give(1, 1), Optional.empty())),
                Arguments.of("the same budget without the share", 2_000_000L, List.of(camera(2, onQ)), List.of(give(2, 2))),
                Arguments.of("audio costs at least 40 kbit/s", 185_000L,
                        List.of(audio(10_000), camera(0, onQ)), List.of(Optional.empty(), give(0, 1))),
                Arguments.of("largest tile first, small tiles drop first", 1_000_000L,
                        List.of(camera(0, onQ), camera(2, onF)), List.of(give(0, 1), give(2, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sharesTheBudget(String name, long budget, List<Demand> demands, List<Optional<Allocation>> expected) {
        assertEquals(expected, BandwidthAllocator.share(budget, demands));
    }

    @ParameterizedTest(name = "{0} px of {1} layers -> layer {2}")
    @CsvSource({"180, 3, 0", "200, 3, 0", "201, 3, 1", "400, 3, 1", "401, 3, 2", "1080, 3, 2", "1080, 2, 1", "100, 1, 0"})
    void picksTheLowestLayerThatFillsTheTile(int height, int layers, int layer) {
        assertEquals(layer, BandwidthAllocator.layerForHeight(height, layers));
    }
}
