package dev.kontextbot.adapter.fetch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class AddressPolicyTest {
    private final AddressPolicy policy = new AddressPolicy();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "100.127.255.255", "224.0.0.1", "239.255.255.250", "0.0.0.0", "255.255.255.255", "240.0.0.1",
            "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
            "::ffff:10.1.2.3", "64:ff9b::a9fe:a9fe", "2002:7f00:0001::1", "::127.0.0.1", "2001:db8::1"})
    void refusesEverythingThatIsNotPublicUnicast(String address) throws UnknownHostException {
        assertThat(policy.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111", "2a00:1450:4001::200e"})
    void allowsPublicAddresses(String address) throws UnknownHostException {
        assertThat(policy.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }
}
