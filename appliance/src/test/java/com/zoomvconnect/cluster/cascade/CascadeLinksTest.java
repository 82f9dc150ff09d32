package com.zoomvconnect.cluster.cascade;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fencing asks {@link CascadeLinks#serves} which live meetings are an edge's and so not this node's
 * to lease or hand over. A meeting whose edge join is still under way (its room opened here, its
 * relay link not yet registered) counts, for as long as any such join runs.
 */
class CascadeLinksTest {
    @Test
    void anEdgeJoinUnderWayMakesTheMeetingServedUntilTheLastSuchJoinIsDone() {
        var links = new CascadeLinks("node2", null, null, 0, null, node -> null);
        assertFalse(links.serves("m1"));
        links.joining("m1");
        links.joining("m1");
        assertTrue(links.serves("m1"), "two joins under way");
        assertFalse(links.serves("m2"));
        links.joinDone("m1");
        assertTrue(links.serves("m1"), "one join still under way");
        links.joinDone("m1");
        assertFalse(links.serves("m1"), "no join under way and no relay link");
        links.joinDone("m1");
        assertFalse(links.serves("m1"), "an extra done does not go negative");
        links.joining("m1");
        assertTrue(links.serves("m1"));
    }
}
