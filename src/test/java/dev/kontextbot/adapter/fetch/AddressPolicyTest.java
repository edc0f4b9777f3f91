package dev.kontextbot.adapter.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each block of the IANA special-purpose registries, probed at its first and last address and just outside both
 * ends. Ranges are judged with no local interfaces, so this machine's own addresses cannot blur the boundaries.
 */
class AddressPolicyTest {
    private final AddressPolicy ranges = new AddressPolicy(address -> false);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // 0.0.0.0/8
            "0.0.0.0, refused", "0.255.255.255, refused", "1.0.0.0, allowed",
            // 10/8
            "9.255.255.255, allowed", "10.0.0.0, refused", "10.255.255.255, refused", "11.0.0.0, allowed",
            // 100.64/10
            "100.63.255.255, allowed", "100.64.0.0, refused", "100.127.255.255, refused", "100.128.0.0, allowed",
            // 127/8
            "126.255.255.255, allowed", "127.0.0.0, refused", "127.255.255.255, refused", "128.0.0.0, allowed",
            // 169.254/16
            "169.253.255.255, allowed", "169.254.0.0, refused", "169.254.169.254, refused", "169.254.255.255, refused", "169.255.0.0, allowed",
            // 172.16/12
            "172.15.255.255, allowed", "172.16.0.0, refused", "172.31.255.255, refused", "172.32.0.0, allowed",
            // 192.0.0/24, with the registry's two global anycast addresses
            "191.255.255.255, allowed", "192.0.0.0, refused", "192.0.0.8, refused", "192.0.0.9, allowed", "192.0.0.10, allowed",
            "192.0.0.11, refused", "192.0.0.255, refused", "192.0.1.0, allowed",
            // 192.0.2/24 (TEST-NET-1: this test machine's own interface lives there)
            "192.0.1.255, allowed", "192.0.2.0, refused", "192.0.2.2, refused", "192.0.2.255, refused", "192.0.3.0, allowed",
            // 192.88.99/24
            "192.88.98.255, allowed", "192.88.99.0, refused", "192.88.99.255, refused", "192.88.100.0, allowed",
            // 192.168/16
            "192.167.255.255, allowed", "192.168.0.0, refused", "192.168.255.255, refused", "192.169.0.0, allowed",
            // 198.18/15
            "198.17.255.255, allowed", "198.18.0.0, refused", "198.19.255.255, refused", "198.20.0.0, allowed",
            // 198.51.100/24
            "198.51.99.255, allowed", "198.51.100.0, refused", "198.51.100.255, refused", "198.51.101.0, allowed",
            // 203.0.113/24
            "203.0.112.255, allowed", "203.0.113.0, refused", "203.0.113.255, refused", "203.0.114.0, allowed",
            // 224/4 and 240/4 up to the broadcast address
            "223.255.255.255, allowed", "224.0.0.0, refused", "239.255.255.255, refused", "240.0.0.0, refused",
            "255.255.255.254, refused", "255.255.255.255, refused",
            // IPv6: the unspecified and loopback addresses, ::/96 and the mapped forms (judged as their IPv4 address)
            "::, refused", "::1, refused", "::2, refused", "::127.0.0.1, refused",
            "::ffff:127.0.0.1, refused", "::ffff:10.1.2.3, refused", "::ffff:192.0.2.1, refused", "::ffff:8.8.8.8, allowed",
            // 64:ff9b::/96 (NAT64) and 64:ff9b:1::/48
            "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff, refused", "64:ff9b::, refused", "64:ff9b::808:808, refused",
            "64:ff9b::ffff:ffff, refused", "64:ff9b:1::1, refused",
            // 100::/64
            "100::, refused", "100::ffff:ffff:ffff:ffff, refused",
            // 2000::/3 is global unicast; just below it is not
            "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, refused", "2000::, allowed",
            // 2001::/23 and its global exceptions
            "2001::, refused", "2001:0:4136:e378:8000:63bf:3fff:fdd2, refused", "2001:1::1, allowed", "2001:1::4, refused",
            "2001:2::1, refused", "2001:3::1, allowed", "2001:10::1, refused", "2001:20::1, allowed", "2001:2f:ffff::1, allowed",
            "2001:30::1, allowed", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff, refused", "2001:200::, allowed",
            // 2001:db8::/32
            "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, allowed", "2001:db8::, refused",
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, refused", "2001:db9::, allowed",
            // 2002::/16 (6to4) is judged by its embedded IPv4 address
            "2002:7f00:1::1, refused", "2002:c000:0201::1, refused", "2002:0808:0808::1, allowed",
            // fc00::/7
            "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, refused", "fc00::, refused", "fd00:ec2::254, refused",
            "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, refused",
            // fe80::/10, ff00::/8
            "fe80::, refused", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, refused", "ff00::, refused", "ff02::1, refused",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, refused",
            // public addresses
            "93.184.216.34, allowed", "8.8.8.8, allowed", "2606:4700::1111, allowed", "2a00:1450:4001::200e, allowed",
            "3ffe::1, allowed"})
    void refusesExactlyWhatTheRegistriesDoNotCallGloballyReachable(String address, String expected) throws UnknownHostException {
        assertThat(ranges.refusal(InetAddress.getByName(address))).as(address).matches(r -> r.isPresent() == expected.equals("refused"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void loopbackIsNamedSo(String address) throws UnknownHostException {
        assertThat(ranges.refusal(InetAddress.getByName(address))).contains(AddressPolicy.Kind.LOOPBACK);
    }

    @Test
    void anAddressOfThisMachineIsRefusedEvenWhenItsRangeIsPublic() throws UnknownHostException {
        InetAddress ours = InetAddress.getByName("93.184.216.34");
        AddressPolicy policy = new AddressPolicy(address -> address.equals(ours));

        assertThat(policy.refusal(ours)).contains(AddressPolicy.Kind.OWN);
        assertThat(policy.refusal(InetAddress.getByName("::ffff:93.184.216.34"))).contains(AddressPolicy.Kind.OWN);
        assertThat(policy.refusal(InetAddress.getByName("2002:5db8:d822::1"))).contains(AddressPolicy.Kind.OWN);
        assertThat(policy.refusal(InetAddress.getByName("93.184.216.35"))).isEmpty();
    }

    @Test
    void everyAddressBoundToARealInterfaceOfThisMachineIsRefused() throws Exception {
        List<InetAddress> bound = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses).toList();
        assertThat(bound).isNotEmpty();
        for (InetAddress address : bound) {
            assertThat(AddressPolicy.boundToThisMachine(address)).as(address.toString()).isTrue();
            assertThat(new AddressPolicy().refusal(address)).as(address.toString()).isPresent();
        }
        assertThat(AddressPolicy.boundToThisMachine(InetAddress.getByName("93.184.216.34"))).isFalse();
    }
}
