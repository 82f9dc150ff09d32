package com.zoomvconnect.api;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.TestAppliance;

/** The API contract on the embedded H2 database. */
class H2ApiTest extends ApiContractTest {
    @Override
    protected Appliance startAppliance() {
        return TestAppliance.startH2();
    }
}
