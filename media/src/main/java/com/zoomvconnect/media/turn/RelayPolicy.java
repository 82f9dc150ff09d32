package com.zoomvconnect.media.turn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which peers an allocation may relay to (RFC 8656 §21.3 leaves this to the operator). The
 * appliance's default allows only the SFU's own media addresses, so the relay cannot be used to
 * reach anything else; a permission, binding or Send to any other address is refused with 403.
 */
public record RelayPolicy(List<Range> allowed) {
    public RelayPolicy {
        allowed = List.copyOf(allowed);
    }

    /** Only these addresses (each as {@code a.b.c.d}, {@code ::1}, or a CIDR range {@code 10.0.0.0/8}). */
    public static RelayPolicy only(List<String> rangesOrAddresses) {
        return new RelayPolicy(rangesOrAddresses.stream().map(Range::parse).toList());
    }

    /** Any IPv4 or IPv6 address: for sites that run the appliance as a general TURN server. */
    public static RelayPolicy anywhere() {
        return only(List.of("0.0.0.0/0", "::/0"));
    }

    public boolean allows(InetAddress peer) {
        byte[] a = peer.getAddress();
        for (Range r : allowed) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An address prefix. */
    public record Range(byte[] network, int prefixLength) {
        public Range {
            network = network.clone();
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("prefix length " + prefixLength);
            }
        }

        /** {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code 2001:db8::/32}; no host names. */
        public static Range parse(String s) {
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            if (!host.isEmpty() && Character.digit(host.charAt(0), 16) < 0 && host.charAt(0) != ':') {
                throw new IllegalArgumentException("not an address: " + s);
            }
            try {
                byte[] n = InetAddress.getByName(host).getAddress();
                return new Range(n, slash < 0 ? n.length * 8 : Integer.parseInt(s.substring(slash + 1)));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not an address range: " + s, e);
            }
        }

        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Range r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(network) * 31 + prefixLength;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
            } catch (UnknownHostException e) {
                return "?/" + prefixLength;
            }
        }
    }
}
