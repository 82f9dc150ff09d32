package com.zoomvconnect.cluster;

import com.zoomvconnect.testing.LazyRedis;
import com.zoomvconnect.testing.SuiteOrder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The cascaded webinar with the bus on Redis pub/sub (a redis-server the test starts) while data,
 * placement and node locks stay in the shared PostgreSQL: attendees on all three nodes decode the
 * presenter with under 1 % loss. The relay link and the choice of an edge use no bus event, so the
 * link's closing and the origin's death are tested on one bus only ({@link CascadeTest}).
 */
@ResourceLock(SuiteOrder.CPU) // as CascadeTest: three appliance processes, never beside the soak
class CascadeOnRedisTest extends CascadeTest {
    private final LazyRedis redis = new LazyRedis();

    @Override
    Map<String, String> clusterSettings() {
        return Map.of("backend", "redis", "redis.uri", redis.uri(), "cascade.threshold", "2");
    }

    @Override
    @AfterAll
    void stop() {
        redis.closeAfter(super::stop);
    }

    /** Not a test here (no {@code @Test} on the override): see the class comment. */
    @Override
    void theRelayLinkClosesWithItsEdgesLastViewer() {
    }

    /** Not a test here (no {@code @Test} on the override): see the class comment. */
    @Override
    void whenTheOriginDiesTheEdgesViewerRejoinsAndDecodesAgain() {
    }
}
