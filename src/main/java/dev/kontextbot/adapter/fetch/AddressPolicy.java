package dev.kontextbot.adapter.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a user-supplied URL may reach: only public unicast. Refused, with the reason: loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 — cloud metadata lives there — and fe80::/10),
 * CGNAT (100.64/10), multicast, unspecified and broadcast, the EC2 IPv6 metadata address, and IPv4 addresses
 * hidden in IPv6 (mapped, compatible, 6to4, NAT64 well-known prefix).
 */
public class AddressPolicy {

    /** Empty when the address may be reached; otherwise why not. */
    public Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<byte[]> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return ipv4(embedded.get());
            }
            return ipv6(v6, b);
        }
        return ipv4(address.getAddress());
    }

    private static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address (cloud metadata lives there)");
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 == 0 || a0 >= 240) {
            return Optional.of("a reserved address");
        }
        if ((a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) || (a0 == 198 && (a1 == 18 || a1 == 19))) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(Inet6Address v6, byte[] b) {
        if (v6.isLoopbackAddress() || v6.isAnyLocalAddress()) {
            return Optional.of("a loopback address");
        }
        if (v6.isLinkLocalAddress() || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
            return Optional.of("a link-local address");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private address (it may be a cloud metadata service)");
        }
        if ((b[0] & 0xff) == 0xff) {
            return Optional.of("a multicast address");
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("a documentation address");
        }
        return Optional.empty();
    }

    /** IPv4 inside IPv6: ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d (NAT64) and 2002:aabb:ccdd:: (6to4). */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0 && !(allZero(b, 12, 15) && (b[15] & 0xff) <= 1);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[]{b[12], b[13], b[14], b[15]});
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(new byte[]{b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
