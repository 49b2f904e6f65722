package io.junction.security;

import io.junction.config.ConfigProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * HTTPS on one listener: where it binds, the key material, and the TLS policy (protocols,
 * cipher suites) with how often the key files are checked for a new certificate.
 * <p>
 * The proxy listener reads {@code http-server.https.*}; the admin listener reads
 * {@code admin.https.*} and, when it names no key material of its own, uses the proxy's.
 * Protocols, cipher suites and the reload interval are the proxy's for both.
 *
 * @param keys empty only when HTTPS is disabled
 */
public record HttpsConfig(
        boolean enabled,
        String host,
        int port,
        Optional<TlsKeySource> keys,
        List<String> protocols,
        List<String> cipherSuites,
        Duration reloadInterval)
{
    /**
     * TLS 1.3 suites and TLS 1.2 ECDHE suites with AEAD ciphers only: forward secrecy, no CBC,
     * no RSA key exchange, no SHA-1 (Mozilla's "intermediate" profile less DHE).
     */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    public HttpsConfig
    {
        requireNonNull(host, "host is null");
        requireNonNull(keys, "keys is null");
        protocols = List.copyOf(requireNonNull(protocols, "protocols is null"));
        cipherSuites = List.copyOf(requireNonNull(cipherSuites, "cipherSuites is null"));
        requireNonNull(reloadInterval, "reloadInterval is null");
        if (enabled && keys.isEmpty()) {
            throw new IllegalArgumentException("HTTPS is enabled without key material");
        }
    }

    public static HttpsConfig disabled()
    {
        return new HttpsConfig(false, "0.0.0.0", 0, Optional.empty(), List.of("TLSv1.3", "TLSv1.2"), DEFAULT_CIPHER_SUITES, Duration.ofMinutes(1));
    }

    /**
     * The proxy listener's HTTPS ({@code http-server.https.*}).
     */
    public static HttpsConfig proxy(ConfigProperties properties, Path etcDirectory)
    {
        String prefix = "http-server.https";
        boolean enabled = properties.bool(prefix + ".enabled", false, "Serve Trino clients over HTTPS (TLS 1.2/1.3) on http-server.https.port");
        String host = properties.string(prefix + ".host", "0.0.0.0", "Address the HTTPS listener binds to");
        int port = properties.integer(prefix + ".port", 8443, 0, 65535, "Port of the HTTPS listener (0 picks a free port)");
        Optional<TlsKeySource> keys = readKeys(properties, prefix, etcDirectory, enabled, "the HTTPS listener", "");
        List<String> protocols = properties.list(prefix + ".protocols", "TLSv1.3,TLSv1.2",
                "TLS protocol versions offered, on both listeners (only TLSv1.2 and TLSv1.3 are accepted)");
        protocols.stream()
                .filter(protocol -> !ALLOWED_PROTOCOLS.contains(protocol))
                .forEach(protocol -> properties.addProblem(prefix + ".protocols", "'" + protocol + "' is not allowed; use TLSv1.3 and/or TLSv1.2"));
        if (protocols.isEmpty()) {
            properties.addProblem(prefix + ".protocols", "must name at least one of TLSv1.3, TLSv1.2");
        }
        List<String> cipherSuites = properties.list(prefix + ".cipher-suites", String.join(",", DEFAULT_CIPHER_SUITES),
                "TLS cipher suites offered (IANA names), on both listeners; the default allows only forward-secret AEAD suites");
        if (cipherSuites.isEmpty()) {
            properties.addProblem(prefix + ".cipher-suites", "must name at least one cipher suite");
        }
        Duration reloadInterval = properties.duration(prefix + ".reload-interval", "1m", Duration.ofMillis(10),
                "How often the certificate, key and keystore files are checked for changes; a change is served to new connections without a restart");
        return new HttpsConfig(enabled && keys.isPresent(), host, port, keys, protocols, cipherSuites, reloadInterval);
    }

    /**
     * The admin listener's HTTPS ({@code admin.https.*}), with the proxy's key material
     * unless it names its own, and the proxy's TLS policy.
     */
    public static HttpsConfig admin(ConfigProperties properties, Path etcDirectory, HttpsConfig proxy)
    {
        String prefix = "admin.https";
        boolean enabled = properties.bool(prefix + ".enabled", false, "Serve the admin API over HTTPS on admin.https.port");
        String host = properties.string(prefix + ".host", "127.0.0.1", "Address of the admin HTTPS listener");
        int port = properties.integer(prefix + ".port", 8444, 0, 65535, "Port of the admin HTTPS listener (0 picks a free port)");
        Optional<TlsKeySource> own = readKeys(properties, prefix, etcDirectory, false, "the admin HTTPS listener",
                "; without admin.https key material the http-server.https key material is used");
        Optional<TlsKeySource> keys = own.or(proxy::keys);
        if (enabled && keys.isEmpty()) {
            properties.addProblem(prefix + ".enabled", "HTTPS needs key material: set admin.https.certificate-file and admin.https.private-key-file, "
                    + "or admin.https.keystore-file, or those of http-server.https");
        }
        return new HttpsConfig(enabled && keys.isPresent(), host, port, keys, proxy.protocols(), proxy.cipherSuites(), proxy.reloadInterval());
    }

    private static Optional<TlsKeySource> readKeys(ConfigProperties properties, String prefix, Path etcDirectory, boolean required, String what, String fallback)
    {
        Optional<String> certificate = properties.optionalString(prefix + ".certificate-file",
                "PEM file with the certificate chain of " + what + ", server certificate first" + fallback);
        Optional<String> privateKey = properties.optionalString(prefix + ".private-key-file",
                "PEM file with the private key of " + what + ": PKCS#8, PKCS#1 RSA or SEC1 EC, or encrypted PKCS#8 with " + prefix + ".private-key-password" + fallback);
        Optional<String> keyPassword = properties.optionalSecret(prefix + ".private-key-password", "Password of an encrypted PEM private key");
        Optional<String> keyStore = properties.optionalString(prefix + ".keystore-file",
                "PKCS12 or JKS keystore with the private key and certificate chain of " + what + ", instead of PEM files" + fallback);
        Optional<String> keyStorePassword = properties.optionalSecret(prefix + ".keystore-password", "Password of the keystore and of its private key");

        Map<TlsMaterialException.Part, String> keyOf = Map.of(
                TlsMaterialException.Part.CERTIFICATE, prefix + ".certificate-file",
                TlsMaterialException.Part.PRIVATE_KEY, prefix + ".private-key-file",
                TlsMaterialException.Part.KEY_PASSWORD, prefix + ".private-key-password",
                TlsMaterialException.Part.KEYSTORE, prefix + ".keystore-file",
                TlsMaterialException.Part.KEYSTORE_PASSWORD, prefix + ".keystore-password");
        boolean pem = certificate.isPresent() || privateKey.isPresent();
        if (pem && keyStore.isPresent()) {
            properties.addProblem(prefix + ".keystore-file", "set either PEM files (" + prefix + ".certificate-file, " + prefix + ".private-key-file) or a keystore, not both");
            return Optional.empty();
        }
        TlsKeySource source;
        if (pem) {
            if (certificate.isEmpty() || privateKey.isEmpty()) {
                String missing = certificate.isEmpty() ? prefix + ".certificate-file" : prefix + ".private-key-file";
                properties.addProblem(missing, "is required with " + (certificate.isEmpty() ? prefix + ".private-key-file" : prefix + ".certificate-file"));
                return Optional.empty();
            }
            source = new TlsKeySource.PemFiles(etcDirectory.resolve(certificate.get()).normalize(), etcDirectory.resolve(privateKey.get()).normalize(), keyPassword);
        }
        else if (keyStore.isPresent()) {
            if (keyStorePassword.isEmpty()) {
                properties.addProblem(prefix + ".keystore-password", "is required with " + prefix + ".keystore-file");
                return Optional.empty();
            }
            source = new TlsKeySource.KeyStoreFile(etcDirectory.resolve(keyStore.get()).normalize(), keyStorePassword.get());
        }
        else {
            if (required) {
                properties.addProblem(prefix + ".enabled", "HTTPS needs key material: set " + prefix + ".certificate-file and " + prefix + ".private-key-file, or " + prefix + ".keystore-file");
            }
            return Optional.empty();
        }
        try {
            source.load();
        }
        catch (TlsMaterialException e) {
            properties.addProblem(keyOf.get(e.part()), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(source);
    }
}
