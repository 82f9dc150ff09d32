package com.zoomvconnect.media.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses the SFU announces as host candidates: every up, non-virtual interface address
 * (IPv4 first; IPv6 global addresses too), plus the admin's configured list (for NAT'd servers),
 * which comes first. Loopback is announced only when nothing else exists or it is configured.
 */
public final class HostAddresses {
    private HostAddresses() {
    }

    /**
     * @param bind the address the media socket is bound to: when it is not the wildcard, only it
     *             (after the configured ones) can be reached and is announced
     */
    public static List<InetAddress> resolve(List<String> configured, InetAddress bind) {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String c : configured) {
            try {
                out.add(InetAddress.getByName(c.trim()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("media.announced.addresses: cannot resolve '" + c + "'");
            }
        }
        if (!bind.isAnyLocalAddress()) {
            out.add(bind);
            return List.copyOf(out);
        }
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isPointToPoint() || ni.getName().startsWith("docker")
                        || ni.getName().startsWith("veth")) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        v4.add(a);
                    } else if (a instanceof Inet6Address i6 && !i6.isLinkLocalAddress() && !i6.isSiteLocalAddress()) {
                        v6.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: rely on configured and loopback
        }
        out.addAll(v4);
        out.addAll(v6);
        if (out.isEmpty()) {
            out.add(InetAddress.getLoopbackAddress());
        }
        return List.copyOf(out);
    }
}
