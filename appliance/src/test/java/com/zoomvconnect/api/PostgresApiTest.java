package com.zoomvconnect.api;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.TestAppliance;

/** The API contract on a real PostgreSQL server. */
class PostgresApiTest extends ApiContractTest {
    @Override
    protected Appliance startAppliance() {
        return TestAppliance.startPostgres();
    }
}
