package com.zoomvconnect.media.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/**
 * Batched sends switch Netty's buffer leak detection off (a stack trace per sampled buffer on the
 * media workers), unless the operator chose a level with {@code -Dio.netty.leakDetection.level}:
 * then it stays as chosen (docs/install.md).
 */
class LeakDetectionLevelTest {
    private static final String PROPERTY = "io.netty.leakDetection.level";

    @Test
    void offByDefaultAndAsChosenWhenChosen() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        String property = System.getProperty(PROPERTY);
        try {
            System.setProperty(PROPERTY, "paranoid");
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            EpollSockets.leakDetectionOffUnlessChosen();
            assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(), "the operator's level is kept");

            System.clearProperty(PROPERTY);
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE); // Netty's own default
            EpollSockets.leakDetectionOffUnlessChosen();
            assertEquals(ResourceLeakDetector.Level.DISABLED, ResourceLeakDetector.getLevel());
        } finally {
            if (property == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, property);
            }
            ResourceLeakDetector.setLevel(before);
        }
    }
}
