package io.junction.security;

import io.junction.testing.TestingCertificates;
import io.junction.testing.TestingCertificates.KeyType;
import io.junction.testing.TestingCertificates.PemFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTlsKeySource
{
    private static TestingCertificates authority;
    private static Path directory;

    @BeforeAll
    static void makeAuthority()
            throws Exception
    {
        authority = TestingCertificates.authority("Test CA");
        directory = Files.createTempDirectory("tls-keys");
    }

    @ParameterizedTest
    @CsvSource({"RSA,PKCS8", "RSA,TRADITIONAL", "RSA,ENCRYPTED_PKCS8", "EC,PKCS8", "EC,TRADITIONAL", "EC,ENCRYPTED_PKCS8"})
    void loadsPemChainsWithEveryKeyFormat(KeyType type, PemFormat format)
            throws Exception
    {
        TestingCertificates.Issued issued = authority.issue("server-" + type + "-" + format, type);
        Path certificate = directory.resolve("chain-" + type + format + ".pem");
        Path key = directory.resolve("key-" + type + format + ".pem");
        issued.writeCertificateChain(certificate);
        issued.writePrivateKey(key, format);
        Optional<String> password = format == PemFormat.ENCRYPTED_PKCS8 ? Optional.of(TestingCertificates.PASSWORD) : Optional.empty();

        KeyStore store = new TlsKeySource.PemFiles(certificate, key, password).load();

        String alias = Collections.list(store.aliases()).getFirst();
        assertThat(store.getCertificateChain(alias)).hasSize(2);
        assertThat(((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName()).isEqualTo("CN=server-" + type + "-" + format);
        assertThat(secretOf(store.getKey(alias, TlsKeySource.IN_MEMORY_PASSWORD.toCharArray()))).isEqualTo(secretOf(issued.key()));
    }

    @ParameterizedTest
    @CsvSource({"PKCS12", "JKS"})
    void loadsKeyStores(String type)
            throws Exception
    {
        TestingCertificates.Issued issued = authority.issue("keystore-" + type, KeyType.RSA);
        Path file = directory.resolve("server." + type.toLowerCase(java.util.Locale.ROOT));
        issued.writeKeyStore(file, type);

        KeyStore store = new TlsKeySource.KeyStoreFile(file, TestingCertificates.PASSWORD).load();

        String alias = Collections.list(store.aliases()).getFirst();
        assertThat(((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName()).isEqualTo("CN=keystore-" + type);
    }

    @Test
    void namesTheFileAndTheReasonOfEveryFailure()
            throws Exception
    {
        TestingCertificates.Issued issued = authority.issue("server", KeyType.RSA);
        TestingCertificates.Issued other = authority.issue("other", KeyType.RSA);
        Path certificate = directory.resolve("fail-chain.pem");
        Path key = directory.resolve("fail-key.pem");
        Path otherKey = directory.resolve("fail-other-key.pem");
        Path encrypted = directory.resolve("fail-encrypted.pem");
        Path garbage = directory.resolve("fail-garbage.pem");
        Path keyStore = directory.resolve("fail.p12");
        issued.writeCertificateChain(certificate);
        issued.writePrivateKey(key, PemFormat.PKCS8);
        other.writePrivateKey(otherKey, PemFormat.TRADITIONAL);
        issued.writePrivateKey(encrypted, PemFormat.ENCRYPTED_PKCS8);
        issued.writeKeyStore(keyStore, "PKCS12");
        Files.writeString(garbage, "not a certificate\n");
        Path missing = directory.resolve("missing.pem");

        assertFailure(new TlsKeySource.PemFiles(missing, key, Optional.empty()), TlsMaterialException.Part.CERTIFICATE, missing + ": file does not exist");
        assertFailure(new TlsKeySource.PemFiles(certificate, missing, Optional.empty()), TlsMaterialException.Part.PRIVATE_KEY, missing + ": file does not exist");
        assertFailure(new TlsKeySource.PemFiles(garbage, key, Optional.empty()), TlsMaterialException.Part.CERTIFICATE, garbage + ": contains no PEM certificate");
        assertFailure(new TlsKeySource.PemFiles(certificate, garbage, Optional.empty()), TlsMaterialException.Part.PRIVATE_KEY, garbage + ": not a PEM private key");
        assertFailure(new TlsKeySource.PemFiles(certificate, otherKey, Optional.empty()), TlsMaterialException.Part.PRIVATE_KEY,
                otherKey + ": the private key does not match the certificate in " + certificate);
        assertFailure(new TlsKeySource.PemFiles(certificate, encrypted, Optional.empty()), TlsMaterialException.Part.KEY_PASSWORD,
                encrypted + ": the private key is encrypted and no password is set");
        assertFailure(new TlsKeySource.PemFiles(certificate, encrypted, Optional.of("wrong")), TlsMaterialException.Part.KEY_PASSWORD,
                encrypted + ": cannot decrypt the private key: wrong password?");
        assertFailure(new TlsKeySource.KeyStoreFile(keyStore, "wrong"), TlsMaterialException.Part.KEYSTORE_PASSWORD, keyStore + ": wrong keystore password");
        assertFailure(new TlsKeySource.KeyStoreFile(missing, "x"), TlsMaterialException.Part.KEYSTORE, missing + ": file does not exist");
        assertFailure(new TlsKeySource.KeyStoreFile(garbage, "x"), TlsMaterialException.Part.KEYSTORE, garbage + ":");
    }

    @Test
    void keyStoreWithoutAPrivateKeyIsRefused()
            throws Exception
    {
        Path trustStore = authority.writeTrustStore(directory.resolve("trust.jks"));
        assertFailure(new TlsKeySource.KeyStoreFile(trustStore, TestingCertificates.PASSWORD), TlsMaterialException.Part.KEYSTORE,
                trustStore + ": contains no private key with a certificate chain");
    }

    private static java.math.BigInteger secretOf(java.security.Key key)
    {
        return switch (key) {
            case java.security.interfaces.RSAPrivateKey rsa -> rsa.getPrivateExponent();
            case java.security.interfaces.ECPrivateKey ec -> ec.getS();
            default -> throw new IllegalArgumentException(key.getAlgorithm());
        };
    }

    private static void assertFailure(TlsKeySource source, TlsMaterialException.Part part, String message)
    {
        assertThatThrownBy(source::load)
                .isInstanceOfSatisfying(TlsMaterialException.class, e -> assertThat(e.part()).isEqualTo(part))
                .hasMessageStartingWith(message);
    }
}
