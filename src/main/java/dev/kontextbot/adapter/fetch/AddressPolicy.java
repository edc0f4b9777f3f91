package dev.kontextbot.adapter.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which addresses a URL someone else chose may reach: only addresses the IANA special-purpose registries (IPv4 and
 * IPv6) mark globally reachable, and never an address bound to one of this machine's interfaces. The registries are
 * the tables below; the most specific block that contains an address decides, so the registries' global exceptions
 * inside a reserved block (192.0.0.9, 2001:20::/28, …) are written as narrower blocks. IPv4 hidden in IPv6
 * (::ffff:a.b.c.d, 2002:aabb:ccdd::) is judged as that IPv4 address.
 */
public class AddressPolicy {
    /**
     * What a refused address is, worded for the person who sent the link under {@link #key()} (bundle words/chat):
     * "That link points to a loopback address, which I may not fetch."
     */
    public enum Kind {
        THIS_NETWORK, PRIVATE, CARRIER_NAT, LOOPBACK, METADATA, RESERVED, DOCUMENTATION, BENCHMARKING, MULTICAST, BROADCAST,
        NOT_GLOBAL_UNICAST, UNSPECIFIED, NAT64, DISCARD, UNIQUE_LOCAL, LINK_LOCAL, SITE_LOCAL, OWN,
        /** A numeric host in another spelling than a dotted quad (2130706433, 0x7f000001): resolvers disagree on it. */
        UNUSUAL_NUMERIC,
        /** An IP literal Java cannot read. */
        UNREADABLE;

        /** The key of the address's description in words/chat. */
        public String key() {
            return "fetch.address." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** IANA IPv4 Special-Purpose Address Registry, plus multicast and the future-use block. */
    static final List<Block> IPV4 = List.of(
            Block.global("0.0.0.0/0"),
            Block.refused("0.0.0.0/8", Kind.THIS_NETWORK),
            Block.refused("10.0.0.0/8", Kind.PRIVATE),
            Block.refused("100.64.0.0/10", Kind.CARRIER_NAT),
            Block.refused("127.0.0.0/8", Kind.LOOPBACK),
            Block.refused("169.254.0.0/16", Kind.METADATA),
            Block.refused("172.16.0.0/12", Kind.PRIVATE),
            Block.refused("192.0.0.0/24", Kind.RESERVED),
            Block.global("192.0.0.9/32"),
            Block.global("192.0.0.10/32"),
            Block.refused("192.0.2.0/24", Kind.DOCUMENTATION),
            Block.refused("192.88.99.0/24", Kind.RESERVED),
            Block.refused("192.168.0.0/16", Kind.PRIVATE),
            Block.refused("198.18.0.0/15", Kind.BENCHMARKING),
            Block.refused("198.51.100.0/24", Kind.DOCUMENTATION),
            Block.refused("203.0.113.0/24", Kind.DOCUMENTATION),
            Block.refused("224.0.0.0/4", Kind.MULTICAST),
            Block.refused("240.0.0.0/4", Kind.RESERVED),
            Block.refused("255.255.255.255/32", Kind.BROADCAST));

    /**
     * IANA IPv6 Special-Purpose Address Registry. Only 2000::/3 is global unicast; everything else (the unspecified
     * and loopback addresses, ::/96, NAT64, discard, unique-local, link-local, multicast) is refused.
     */
    static final List<Block> IPV6 = List.of(
            Block.refused("::/0", Kind.NOT_GLOBAL_UNICAST),
            Block.global("2000::/3"),
            Block.refused("::/128", Kind.UNSPECIFIED),
            Block.refused("::1/128", Kind.LOOPBACK),
            Block.refused("::/96", Kind.RESERVED),
            Block.refused("64:ff9b::/96", Kind.NAT64),
            Block.refused("64:ff9b:1::/48", Kind.NAT64),
            Block.refused("100::/64", Kind.DISCARD),
            Block.refused("100:0:0:1::/64", Kind.RESERVED),
            Block.refused("2001::/23", Kind.RESERVED),
            Block.global("2001:1::1/128"),
            Block.global("2001:1::2/128"),
            Block.global("2001:1::3/128"),
            Block.global("2001:3::/32"),
            Block.global("2001:4:112::/48"),
            Block.global("2001:20::/28"),
            Block.global("2001:30::/28"),
            Block.refused("2001:db8::/32", Kind.DOCUMENTATION),
            Block.refused("3fff::/20", Kind.DOCUMENTATION),
            Block.refused("5f00::/16", Kind.RESERVED),
            Block.refused("fc00::/7", Kind.UNIQUE_LOCAL),
            Block.refused("fe80::/10", Kind.LINK_LOCAL),
            Block.refused("fec0::/10", Kind.SITE_LOCAL),
            Block.refused("ff00::/8", Kind.MULTICAST));

    private final Predicate<InetAddress> local;

    /** Checks the interfaces of this machine as they are at each check (addresses come and go with DHCP, VPNs). */
    public AddressPolicy() {
        this(AddressPolicy::boundToThisMachine);
    }

    /** {@code local}: whether an address is one of this machine's own. */
    public AddressPolicy(Predicate<InetAddress> local) {
        this.local = local;
    }

    /** Empty when the address may be reached; otherwise what it is that may not be. */
    public Optional<Kind> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        Optional<byte[]> embedded = address instanceof Inet6Address ? embeddedIpv4(bytes) : Optional.empty();
        byte[] judged = embedded.orElse(bytes);
        Block block = mostSpecific(judged.length == 4 ? IPV4 : IPV6, judged);
        if (block.refusal().isPresent()) {
            return block.refusal();
        }
        if (local.test(address) || (embedded.isPresent() && local.test(ipv4(embedded.get())))) {
            return Optional.of(Kind.OWN);
        }
        return Optional.empty();
    }

    private static Block mostSpecific(List<Block> table, byte[] address) {
        Block best = null;
        for (Block block : table) {
            if (block.contains(address) && (best == null || block.bits() > best.bits())) {
                best = block;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the address table has no catch-all block");
        }
        return best;
    }

    /** ::ffff:a.b.c.d (mapped) and 2002:aabb:ccdd:: (6to4) reach that IPv4 address. */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        if (mapped) {
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

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address", e);
        }
    }

    /** An interface we cannot list counts as ours: refusing a fetch is the safe answer to not knowing. */
    static boolean boundToThisMachine(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
        }
    }

    /** A CIDR block and whether the registries call it globally reachable (no refusal) or not (why). */
    record Block(byte[] prefix, int bits, Optional<Kind> refusal) {
        static Block global(String cidr) {
            return parse(cidr, Optional.empty());
        }

        static Block refused(String cidr, Kind reason) {
            return parse(cidr, Optional.of(reason));
        }

        private static Block parse(String cidr, Optional<Kind> refusal) {
            String[] parts = cidr.split("/");
            try {
                // Literals only: getByName does not ask DNS for them.
                byte[] prefix = InetAddress.getByName(parts[0]).getAddress();
                if (parts[0].contains(":") && prefix.length == 4) {
                    throw new IllegalArgumentException(cidr + " is written as IPv6 but Java reads it as IPv4");
                }
                return new Block(prefix, Integer.parseInt(parts[1]), refusal);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }
}
