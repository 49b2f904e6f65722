package io.junction.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTrustedProxies
{
    @Test
    void matchesAddressesAndRanges()
    {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));
        assertThat(proxies.isTrusted("10.200.3.4")).isTrue();
        assertThat(proxies.isTrusted("11.0.0.1")).isFalse();
        assertThat(proxies.isTrusted("192.168.1.7")).isTrue();
        assertThat(proxies.isTrusted("192.168.1.8")).isFalse();
        assertThat(proxies.isTrusted("172.31.255.255")).isTrue();
        assertThat(proxies.isTrusted("172.32.0.0")).isFalse();
        assertThat(proxies.isTrusted("[fd12::1]")).isTrue();
        assertThat(proxies.isTrusted("not-an-address")).isFalse();
    }

    @Test
    void trustsNobodyByDefault()
    {
        assertThat(TrustedProxies.none().isTrusted("127.0.0.1")).isFalse();
    }

    @Test
    void namesTheBadEntry()
    {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/8", "proxy.example.com")))
                .hasMessageContaining("'proxy.example.com' is not an IP address or CIDR range");
    }
}
