package com.zoomvconnect.cluster;

import com.zoomvconnect.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;

/**
 * The two-node tests with the bus on Redis pub/sub (a redis-server the test starts) while the data
 * stays in the shared PostgreSQL: a meeting ended through one node ends the live room on the other.
 */
class TwoNodesOnRedisTest extends TwoNodesTest {
    private RedisServer redis;

    @Override
    ClusterConfig cluster(String nodeId) {
        if (redis == null) {
            redis = RedisServer.start();
        }
        return ClusterConfig.redis(nodeId, redis.uri(), BEAT, TIMEOUT);
    }

    @Override
    @AfterAll
    void stop() {
        try {
            super.stop(); // the nodes first, so their buses do not see Redis vanish
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
