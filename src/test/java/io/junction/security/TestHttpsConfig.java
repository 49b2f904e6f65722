package io.junction.security;

import io.junction.config.ConfigProperties;
import io.junction.testing.TestingCertificates;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestHttpsConfig
{
    @Test
    void defaults()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(), Map.of());
        HttpsConfig proxy = HttpsConfig.proxy(properties, Path.of("/etc/junction"));
        HttpsConfig admin = HttpsConfig.admin(properties, Path.of("/etc/junction"), proxy);
        properties.validate();

        assertThat(proxy.enabled()).isFalse();
        assertThat(proxy.host()).isEqualTo("0.0.0.0");
        assertThat(proxy.port()).isEqualTo(8443);
        assertThat(proxy.keys()).isEmpty();
        assertThat(proxy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(proxy.cipherSuites()).isEqualTo(HttpsConfig.DEFAULT_CIPHER_SUITES);
        assertThat(proxy.cipherSuites()).allMatch(suite -> suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") || suite.startsWith("TLS_ECDHE_"))
                .noneMatch(suite -> suite.contains("CBC") || suite.endsWith("_SHA"));
        assertThat(proxy.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(admin.enabled()).isFalse();
        assertThat(admin.host()).isEqualTo("127.0.0.1");
        assertThat(admin.port()).isEqualTo(8444);
    }

    @Test
    void explicitMapping()
            throws Exception
    {
        Path etc = Files.createTempDirectory("junction-etc");
        TestingCertificates authority = TestingCertificates.authority("CA");
        TestingCertificates.Issued proxyCertificate = authority.issue("proxy", TestingCertificates.KeyType.RSA);
        proxyCertificate.writeCertificateChain(etc.resolve("proxy.pem"));
        proxyCertificate.writePrivateKey(etc.resolve("proxy.key"), TestingCertificates.PemFormat.ENCRYPTED_PKCS8);
        authority.issue("admin", TestingCertificates.KeyType.EC).writeKeyStore(etc.resolve("admin.p12"), "PKCS12");
        ConfigProperties properties = new ConfigProperties(Map.ofEntries(
                Map.entry("http-server.https.enabled", "true"),
                Map.entry("http-server.https.host", "10.0.0.5"),
                Map.entry("http-server.https.port", "9443"),
                Map.entry("http-server.https.certificate-file", "proxy.pem"),
                Map.entry("http-server.https.private-key-file", "proxy.key"),
                Map.entry("http-server.https.private-key-password", "${ENV:KEY_PASSWORD}"),
                Map.entry("http-server.https.protocols", "TLSv1.3"),
                Map.entry("http-server.https.cipher-suites", "TLS_AES_256_GCM_SHA384"),
                Map.entry("http-server.https.reload-interval", "10s"),
                Map.entry("admin.https.enabled", "true"),
                Map.entry("admin.https.host", "0.0.0.0"),
                Map.entry("admin.https.port", "9444"),
                Map.entry("admin.https.keystore-file", "admin.p12"),
                Map.entry("admin.https.keystore-password", TestingCertificates.PASSWORD)), Map.of("KEY_PASSWORD", TestingCertificates.PASSWORD));
        HttpsConfig proxy = HttpsConfig.proxy(properties, etc);
        HttpsConfig admin = HttpsConfig.admin(properties, etc, proxy);
        properties.validate();

        assertThat(proxy.enabled()).isTrue();
        assertThat(proxy.host()).isEqualTo("10.0.0.5");
        assertThat(proxy.port()).isEqualTo(9443);
        assertThat(proxy.keys()).contains(new TlsKeySource.PemFiles(etc.resolve("proxy.pem"), etc.resolve("proxy.key"), Optional.of(TestingCertificates.PASSWORD)));
        assertThat(proxy.protocols()).isEqualTo(List.of("TLSv1.3"));
        assertThat(proxy.cipherSuites()).isEqualTo(List.of("TLS_AES_256_GCM_SHA384"));
        assertThat(proxy.reloadInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(admin.enabled()).isTrue();
        assertThat(admin.host()).isEqualTo("0.0.0.0");
        assertThat(admin.port()).isEqualTo(9444);
        assertThat(admin.keys()).contains(new TlsKeySource.KeyStoreFile(etc.resolve("admin.p12"), TestingCertificates.PASSWORD));
        assertThat(admin.protocols()).isEqualTo(List.of("TLSv1.3"));
    }

    @Test
    void incompleteOrContradictoryKeyMaterialIsNamed()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "http-server.https.enabled", "true",
                "http-server.https.certificate-file", "chain.pem",
                "admin.https.enabled", "true",
                "admin.https.keystore-file", "admin.p12",
                "admin.https.private-key-file", "admin.key"), Map.of());
        HttpsConfig proxy = HttpsConfig.proxy(properties, Path.of("/nowhere"));
        HttpsConfig.admin(properties, Path.of("/nowhere"), proxy);

        assertThatThrownBy(properties::validate)
                .hasMessageContaining("http-server.https.private-key-file: is required with http-server.https.certificate-file")
                .hasMessageContaining("admin.https.keystore-file: set either PEM files")
                .hasMessageContaining("admin.https.enabled: HTTPS needs key material");
    }
}
