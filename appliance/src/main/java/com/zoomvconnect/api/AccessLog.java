package com.zoomvconnect.api;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request on the {@code zoomvconnect.access} logger: client, method, path, status, time. */
public final class AccessLog implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("zoomvconnect.access");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            if (LOG.isInfoEnabled()) {
                String client = req.remotePeer().address() instanceof InetSocketAddress isa && isa.getAddress() != null
                        ? isa.getAddress().getHostAddress() : "-";
                // The query string is left out: it may carry tokens or passcodes.
                LOG.info("{} {} {} {} {}ms", client, req.prologue().method().text(), req.path().path(),
                        res.status().code(), (System.nanoTime() - start) / 1_000_000);
            }
        }
    }
}
