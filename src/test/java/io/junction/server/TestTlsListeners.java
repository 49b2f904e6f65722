package io.junction.server;

import io.junction.config.ConfigException;
import io.junction.security.SecurityHeaders;
import io.junction.testing.Eventually;
import io.junction.testing.TestingCertificates;
import io.junction.testing.TestingCertificates.KeyType;
import io.junction.testing.TestingCertificates.PemFormat;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import io.junction.testing.TlsClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTlsListeners
{
    private static TestingCertificates authority;
    private static Path directory;

    @BeforeAll
    static void makeAuthority()
            throws Exception
    {
        authority = TestingCertificates.authority("Junction Test CA");
        directory = Files.createTempDirectory("junction-tls");
    }

    @Test
    void httpsOnlyServesTlsAndNothingOnThePlainPort()
            throws Exception
    {
        Path keyStore = directory.resolve("https-only.p12");
        authority.issue("junction-keystore", KeyType.RSA).writeKeyStore(keyStore, "PKCS12");
        int plainPort = freePort();
        try (TestingJunction junction = TestingJunction.builder()
                .property("http-server.http.enabled", "false")
                .property("http-server.http.port", Integer.toString(plainPort))
                .properties(https(Map.of("http-server.https.keystore-file", keyStore.toString(), "http-server.https.keystore-password", TestingCertificates.PASSWORD)))
                .build()) {
            assertThat(junction.server().httpUri()).isEmpty();
            assertThat(junction.uri().getScheme()).isEqualTo("https");

            HttpResponse<String> live = TlsClients.get(TlsClients.client(authority.certificate()), junction.uri().resolve("/health/live"));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(TlsClients.servedCommonName(live)).isEqualTo("junction-keystore");
            assertThat(live.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            // HTTP/2 negotiated with ALPN
            assertThat(live.version()).isEqualTo(HttpClient.Version.HTTP_2);

            assertThatThrownBy(() -> new Socket("127.0.0.1", plainPort).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void plainAndHttpsTogetherEachTellTheClusterTheirScheme()
            throws Exception
    {
        Path certificate = directory.resolve("both-chain.pem");
        Path key = directory.resolve("both-key.pem");
        TestingCertificates.Issued issued = authority.issue("junction-pem", KeyType.EC);
        issued.writeCertificateChain(certificate);
        issued.writePrivateKey(key, PemFormat.TRADITIONAL);
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("upstream", upstream.uri(), "adhoc")
                        .properties(https(Map.of("http-server.https.certificate-file", certificate.toString(), "http-server.https.private-key-file", key.toString())))
                        .build()) {
            URI https = junction.server().httpsUri().orElseThrow();
            URI http = junction.server().httpUri().orElseThrow();
            TlsClients.get(TlsClients.client(authority.certificate()), https.resolve("/v1/node"));
            TlsClients.get(HttpClient.newHttpClient(), http.resolve("/v1/node"));

            var requests = upstream.requests("/v1/node");
            assertThat(requests).hasSize(2);
            // Trino builds nextUri, infoUri and the OAuth2 URIs from these: a TLS client gets https URIs back
            assertThat(requests.get(0).headers().get("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(requests.get(0).headers().get("X-Forwarded-Port")).isEqualTo(Integer.toString(https.getPort()));
            assertThat(requests.get(0).headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + https.getPort());
            assertThat(requests.get(1).headers().get("X-Forwarded-Proto")).isEqualTo("http");
        }
    }

    @Test
    void newCertificateIsServedAfterTheFilesChangeAndABrokenChangeKeepsTheOldOne()
            throws Exception
    {
        Path certificate = directory.resolve("reload-chain.pem");
        Path key = directory.resolve("reload-key.pem");
        TestingCertificates.Issued first = authority.issue("first", KeyType.RSA);
        first.writeCertificateChain(certificate);
        first.writePrivateKey(key, PemFormat.PKCS8);
        try (TestingJunction junction = TestingJunction.builder()
                .properties(https(Map.of(
                        "http-server.https.certificate-file", certificate.toString(),
                        "http-server.https.private-key-file", key.toString(),
                        "http-server.https.reload-interval", "100ms")))
                .build()) {
            URI live = junction.server().httpsUri().orElseThrow().resolve("/health/live");
            assertThat(TlsClients.servedCommonName(TlsClients.get(TlsClients.client(authority.certificate()), live))).isEqualTo("first");

            // a certificate whose key has not arrived yet: not usable, the old one stays
            TestingCertificates.Issued second = authority.issue("second", KeyType.EC);
            second.writeCertificateChain(certificate);
            junction.server().reloadCertificates();
            assertThat(TlsClients.servedCommonName(TlsClients.get(TlsClients.client(authority.certificate()), live))).isEqualTo("first");

            second.writePrivateKey(key, PemFormat.TRADITIONAL);
            Eventually.until(Duration.ofSeconds(30), "the new certificate to be served",
                    () -> TlsClients.servedCommonName(TlsClients.get(TlsClients.client(authority.certificate()), live)).equals("second"));
        }
    }

    @Test
    void refusesCbcSuitesAndOffersOnlyModernProtocols()
            throws Exception
    {
        Path keyStore = directory.resolve("ciphers.p12");
        authority.issue("ciphers", KeyType.RSA).writeKeyStore(keyStore, "PKCS12");
        try (TestingJunction junction = TestingJunction.builder()
                .properties(https(Map.of("http-server.https.keystore-file", keyStore.toString(), "http-server.https.keystore-password", TestingCertificates.PASSWORD)))
                .build()) {
            URI https = junction.server().httpsUri().orElseThrow();
            try (SSLSocket socket = (SSLSocket) TlsClients.trusting(authority.certificate()).getSocketFactory().createSocket("127.0.0.1", https.getPort())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"});
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            try (SSLSocket socket = (SSLSocket) TlsClients.trusting(authority.certificate()).getSocketFactory().createSocket("127.0.0.1", https.getPort())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.startHandshake();
                assertThat(socket.getSession().getCipherSuite()).startsWith("TLS_ECDHE_RSA_WITH_").containsAnyOf("_GCM_", "CHACHA20");
            }
        }
    }

    @Test
    void adminListenerOverHttpsSendsSecurityHeadersAndHsts()
            throws Exception
    {
        Path keyStore = directory.resolve("admin.p12");
        authority.issue("junction-admin", KeyType.RSA).writeKeyStore(keyStore, "PKCS12");
        try (TestingJunction junction = TestingJunction.builder()
                .property("admin.https.enabled", "true")
                .property("admin.https.port", "0")
                .property("admin.https.keystore-file", keyStore.toString())
                .property("admin.https.keystore-password", TestingCertificates.PASSWORD)
                .build()) {
            URI adminHttps = junction.server().adminHttpsUri().orElseThrow();
            HttpResponse<String> secure = TlsClients.get(TlsClients.client(authority.certificate()), adminHttps.resolve("/api/v1/clusters"));
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(TlsClients.servedCommonName(secure)).isEqualTo("junction-admin");
            assertThat(secure.headers().firstValue("Strict-Transport-Security")).hasValue(SecurityHeaders.STRICT_TRANSPORT_SECURITY);
            assertSecurityHeaders(secure);

            HttpResponse<String> plain = TlsClients.get(HttpClient.newHttpClient(), junction.adminUri().resolve("/no/such/page"));
            assertThat(plain.statusCode()).isEqualTo(404);
            assertSecurityHeaders(plain);
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void adminHttpsOnlyUsesTheProxyKeyMaterialWhenItHasNoneOfItsOwn()
            throws Exception
    {
        Path keyStore = directory.resolve("shared.p12");
        authority.issue("shared", KeyType.RSA).writeKeyStore(keyStore, "PKCS12");
        try (TestingJunction junction = TestingJunction.builder()
                .properties(https(Map.of("http-server.https.keystore-file", keyStore.toString(), "http-server.https.keystore-password", TestingCertificates.PASSWORD)))
                .property("admin.http.enabled", "false")
                .property("admin.https.enabled", "true")
                .property("admin.https.port", "0")
                .build()) {
            assertThat(junction.adminUri().getScheme()).isEqualTo("https");
            HttpResponse<String> secure = TlsClients.get(TlsClients.client(authority.certificate()), junction.adminUri().resolve("/api/v1/clusters"));
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(TlsClients.servedCommonName(secure)).isEqualTo("shared");
        }
    }

    @Test
    void badKeyMaterialStopsStartupNamingTheKeyAndTheReason()
            throws Exception
    {
        Path keyStore = directory.resolve("wrong-password.p12");
        authority.issue("x", KeyType.RSA).writeKeyStore(keyStore, "PKCS12");
        Path certificate = directory.resolve("mismatch-chain.pem");
        Path key = directory.resolve("mismatch-key.pem");
        authority.issue("a", KeyType.RSA).writeCertificateChain(certificate);
        authority.issue("b", KeyType.RSA).writePrivateKey(key, PemFormat.PKCS8);
        Path etc = Files.createTempDirectory("junction-etc");

        assertThatThrownBy(() -> JunctionServer.create(Map.of(
                "http-server.https.enabled", "true",
                "http-server.https.keystore-file", keyStore.toString(),
                "http-server.https.keystore-password", "not-the-password",
                "admin.https.certificate-file", certificate.toString(),
                "admin.https.private-key-file", key.toString()), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http-server.https.keystore-password: " + keyStore + ": wrong keystore password")
                .hasMessageContaining("admin.https.private-key-file: " + key + ": the private key does not match the certificate in " + certificate)
                .hasMessageNotContaining("not-the-password");

        // the secure default covers the admin HTTPS listener too
        assertThatThrownBy(() -> JunctionServer.create(Map.of(
                "admin.https.enabled", "true",
                "admin.https.host", "0.0.0.0",
                "admin.https.keystore-file", keyStore.toString(),
                "admin.https.keystore-password", TestingCertificates.PASSWORD), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.https.host: '0.0.0.0' is not a loopback address and no authentication is configured");

        assertThatThrownBy(() -> JunctionServer.create(Map.of("http-server.https.enabled", "true", "http-server.http.enabled", "false"), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http-server.https.enabled: HTTPS needs key material")
                .hasMessageContaining("http-server.http.enabled: is false and HTTPS is not enabled");

        assertThatThrownBy(() -> JunctionServer.create(Map.of(
                "http-server.https.enabled", "true",
                "http-server.https.certificate-file", directory.resolve("nothing.pem").toString(),
                "http-server.https.private-key-file", key.toString(),
                "http-server.https.protocols", "TLSv1.1,TLSv1.3"), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http-server.https.certificate-file: " + directory.resolve("nothing.pem") + ": file does not exist")
                .hasMessageContaining("http-server.https.protocols: 'TLSv1.1' is not allowed");
    }

    private static void assertSecurityHeaders(HttpResponse<String> response)
    {
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
    }

    private static Map<String, String> https(Map<String, String> keys)
    {
        Map<String, String> properties = new java.util.LinkedHashMap<>(keys);
        properties.put("http-server.https.enabled", "true");
        properties.put("http-server.https.host", "127.0.0.1");
        properties.put("http-server.https.port", "0");
        return properties;
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
