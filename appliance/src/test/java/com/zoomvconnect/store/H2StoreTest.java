package com.zoomvconnect.store;

import com.zoomvconnect.testing.TestAppliance;

/** Storage contract on embedded H2 (a file, as in production). */
class H2StoreTest extends StoreContractTest {
    @Override
    protected DatabaseConfig databaseConfig() {
        return DatabaseConfig.embedded(TestAppliance.tempDir());
    }
}
