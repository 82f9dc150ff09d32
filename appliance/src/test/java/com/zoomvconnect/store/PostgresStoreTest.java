package com.zoomvconnect.store;

import com.zoomvconnect.testing.PostgresServer;

/** Storage contract on a real PostgreSQL server. */
class PostgresStoreTest extends StoreContractTest {
    @Override
    protected DatabaseConfig databaseConfig() {
        return PostgresServer.shared().newDatabase();
    }
}
