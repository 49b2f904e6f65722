package io.junction.testing;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made in the test: a certificate authority and server certificates it signs,
 * for {@code localhost} and {@code 127.0.0.1}, written as PEM (PKCS#8, PKCS#1 RSA, SEC1 EC,
 * encrypted PKCS#8) or as PKCS12/JKS keystores, and a truststore with the authority for
 * clients (JDBC, the trino CLI, Jetty's client).
 */
public final class TestingCertificates
{
    public static final String PASSWORD = "changeit";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public enum KeyType
    {
        RSA,
        EC,
    }

    public enum PemFormat
    {
        PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}: OpenSSL's traditional formats */
        TRADITIONAL,
        ENCRYPTED_PKCS8,
    }

    private final KeyPair authorityKeys;
    private final X509Certificate authority;

    private TestingCertificates(KeyPair authorityKeys, X509Certificate authority)
    {
        this.authorityKeys = authorityKeys;
        this.authority = authority;
    }

    public static TestingCertificates authority(String name)
    {
        try {
            KeyPair keys = keyPair(KeyType.RSA);
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(Instant.now().minus(Duration.ofHours(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(30))), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return new TestingCertificates(keys, sign(builder, keys.getPrivate()));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate()
    {
        return authority;
    }

    /**
     * A server certificate for localhost and 127.0.0.1, signed by this authority.
     */
    public Issued issue(String commonName, KeyType type)
    {
        try {
            KeyPair keys = keyPair(type);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(authority.getSubjectX500Principal().getName()), serial(),
                    Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(10))), new X500Name("CN=" + commonName), keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return new Issued(keys.getPrivate(), sign(builder, authorityKeys.getPrivate()), authority);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A JKS truststore holding this authority, as clients need it.
     */
    public Path writeTrustStore(Path file)
    {
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setCertificateEntry("ca", authority);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate authority)
    {
        /**
         * The chain (server certificate, then the authority) as PEM.
         */
        public void writeCertificateChain(Path file)
        {
            write(file, pem(certificate) + pem(authority));
        }

        public void writePrivateKey(Path file, PemFormat format)
        {
            try {
                String text = switch (format) {
                    case PKCS8 -> pem(new JcaPKCS8Generator(key, null).generate());
                    case TRADITIONAL -> key instanceof ECPrivateKey ec ? sec1(ec, (ECPublicKey) certificate.getPublicKey()) : pem(key);
                    case ENCRYPTED_PKCS8 -> {
                        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                                .setProvider(new BouncyCastleProvider())
                                .setPRF(org.bouncycastle.openssl.PKCS8Generator.PRF_HMACSHA256)
                                .setPassword(PASSWORD.toCharArray())
                                .build();
                        yield pem(new JcaPKCS8Generator(key, encryptor).generate());
                    }
                };
                write(file, text);
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public void writeKeyStore(Path file, String type)
        {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(null, null);
                store.setKeyEntry("server", key, PASSWORD.toCharArray(), new Certificate[] {certificate, authority});
                try (OutputStream out = Files.newOutputStream(file)) {
                    store.store(out, PASSWORD.toCharArray());
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * SEC1 {@code EC PRIVATE KEY} as OpenSSL writes it: version, key, curve and public key.
     */
    private static String sec1(ECPrivateKey key, ECPublicKey publicKey)
            throws IOException
    {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                publicInfo.getPublicKeyData(), curve);
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    private static KeyPair keyPair(KeyType type)
            throws GeneralSecurityException
    {
        return switch (type) {
            case RSA -> {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                yield generator.generateKeyPair();
            }
            case EC -> {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                yield generator.generateKeyPair();
            }
        };
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws Exception
    {
        String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static BigInteger serial()
    {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static String pem(Object object)
    {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PemObject pemObject) {
                writer.writeObject(pemObject);
            }
            else {
                writer.writeObject(object);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(Path file, String text)
    {
        try {
            // replace in one step, as a certificate manager does, so a reader never sees half a file
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".pem", ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
