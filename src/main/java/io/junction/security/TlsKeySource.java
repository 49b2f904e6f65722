package io.junction.security;

import io.airlift.security.pem.PemReader;

import javax.security.auth.x500.X500Principal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a listener's certificate and private key come from: PEM files (a certificate chain
 * and a PKCS#8, PKCS#1 or SEC1 EC private key, possibly encrypted) or a PKCS12/JKS keystore.
 * {@link #load()} reads and checks them and returns an in-memory keystore for the TLS stack;
 * every failure names the file and the reason. Immutable; loading does file I/O.
 */
public sealed interface TlsKeySource
{
    /**
     * The password of the in-memory keystore handed to the TLS stack (it never reaches disk).
     */
    String IN_MEMORY_PASSWORD = "junction";

    /**
     * The files whose change means new key material.
     */
    List<Path> files();

    /**
     * Reads the key material and checks that it is usable.
     *
     * @throws TlsMaterialException naming the part at fault and why
     */
    KeyStore load();

    record PemFiles(Path certificateChain, Path privateKey, Optional<String> keyPassword)
            implements TlsKeySource
    {
        public PemFiles
        {
            requireNonNull(certificateChain, "certificateChain is null");
            requireNonNull(privateKey, "privateKey is null");
            requireNonNull(keyPassword, "keyPassword is null");
        }

        @Override
        public List<Path> files()
        {
            return List.of(certificateChain, privateKey);
        }

        @Override
        public KeyStore load()
        {
            List<X509Certificate> chain = readChain();
            PrivateKey key = readKey();
            checkKeyMatches(key, chain.getFirst(), TlsMaterialException.Part.PRIVATE_KEY,
                    "%s: the private key does not match the certificate in %s (%s)".formatted(privateKey, certificateChain, chain.getFirst().getSubjectX500Principal()));
            return inMemory(List.of(new KeyEntry(key, chain)));
        }

        private List<X509Certificate> readChain()
        {
            String text = readText(certificateChain, TlsMaterialException.Part.CERTIFICATE);
            List<X509Certificate> chain;
            try {
                chain = PemReader.readCertificateChain(text);
            }
            catch (GeneralSecurityException | RuntimeException e) {
                throw new TlsMaterialException(TlsMaterialException.Part.CERTIFICATE, certificateChain + ": not a PEM certificate chain: " + e.getMessage());
            }
            if (chain.isEmpty()) {
                throw new TlsMaterialException(TlsMaterialException.Part.CERTIFICATE, certificateChain + ": contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
            return chain;
        }

        private PrivateKey readKey()
        {
            String text = readText(privateKey, TlsMaterialException.Part.PRIVATE_KEY);
            if (text.contains("BEGIN ENCRYPTED PRIVATE KEY") && keyPassword.isEmpty()) {
                throw new TlsMaterialException(TlsMaterialException.Part.KEY_PASSWORD, privateKey + ": the private key is encrypted and no password is set");
            }
            if (text.contains("Proc-Type: 4,ENCRYPTED")) {
                throw new TlsMaterialException(TlsMaterialException.Part.PRIVATE_KEY,
                        privateKey + ": legacy OpenSSL-encrypted keys are not supported; convert it to encrypted PKCS#8 (openssl pkcs8 -topk8)");
            }
            try {
                return PemReader.loadPrivateKey(text, keyPassword);
            }
            catch (IOException | GeneralSecurityException | RuntimeException e) {
                if (keyPassword.isPresent() && text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                    throw new TlsMaterialException(TlsMaterialException.Part.KEY_PASSWORD, privateKey + ": cannot decrypt the private key: wrong password?");
                }
                throw new TlsMaterialException(TlsMaterialException.Part.PRIVATE_KEY,
                        privateKey + ": not a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC): " + e.getMessage());
            }
        }
    }

    record KeyStoreFile(Path keyStore, String password)
            implements TlsKeySource
    {
        public KeyStoreFile
        {
            requireNonNull(keyStore, "keyStore is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public List<Path> files()
        {
            return List.of(keyStore);
        }

        @Override
        public KeyStore load()
        {
            if (!Files.isRegularFile(keyStore)) {
                throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE, keyStore + ": file does not exist");
            }
            KeyStore store;
            try {
                // the JDK detects PKCS12 and JKS by content
                store = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
            }
            catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                    throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE_PASSWORD, keyStore + ": wrong keystore password");
                }
                throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE, keyStore + ": cannot read the keystore: " + e.getMessage());
            }
            catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE, keyStore + ": not a PKCS12 or JKS keystore: " + e.getMessage());
            }
            List<KeyEntry> entries = new ArrayList<>();
            try {
                for (String alias : Collections.list(store.aliases())) {
                    if (!store.isKeyEntry(alias)) {
                        continue;
                    }
                    Key key = store.getKey(alias, password.toCharArray());
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                        List<X509Certificate> certificates = new ArrayList<>();
                        for (Certificate certificate : chain) {
                            certificates.add((X509Certificate) certificate);
                        }
                        checkKeyMatches(privateKey, certificates.getFirst(), TlsMaterialException.Part.KEYSTORE,
                                "%s: the private key of entry '%s' does not match its certificate".formatted(keyStore, alias));
                        entries.add(new KeyEntry(privateKey, certificates));
                    }
                }
            }
            catch (UnrecoverableKeyException e) {
                throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE_PASSWORD, keyStore + ": the private key's password differs from the keystore password");
            }
            catch (GeneralSecurityException e) {
                throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE, keyStore + ": cannot read the private key: " + e.getMessage());
            }
            if (entries.isEmpty()) {
                throw new TlsMaterialException(TlsMaterialException.Part.KEYSTORE, keyStore + ": contains no private key with a certificate chain");
            }
            return inMemory(entries);
        }
    }

    /**
     * The subject and expiry of the first certificate, for logs.
     */
    static String describe(KeyStore store)
    {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    X500Principal subject = certificate.getSubjectX500Principal();
                    return "%s, valid until %s".formatted(subject.getName(), certificate.getNotAfter().toInstant());
                }
            }
        }
        catch (GeneralSecurityException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        return "(no certificate)";
    }

    private static String readText(Path file, TlsMaterialException.Part part)
    {
        try {
            return Files.readString(file);
        }
        catch (NoSuchFileException e) {
            throw new TlsMaterialException(part, file + ": file does not exist");
        }
        catch (IOException | RuntimeException e) {
            throw new TlsMaterialException(part, file + ": cannot read: " + e.getMessage());
        }
    }

    private static void checkKeyMatches(PrivateKey key, X509Certificate certificate, TlsMaterialException.Part part, String message)
    {
        PublicKey publicKey = certificate.getPublicKey();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new TlsMaterialException(part, message + ": a " + key.getAlgorithm() + " key for a " + publicKey.getAlgorithm() + " certificate");
        }
        Optional<String> algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> Optional.of("SHA256withRSA");
            case "EC" -> Optional.of("SHA256withECDSA");
            case "Ed25519", "Ed448", "EdDSA" -> Optional.of(key.getAlgorithm());
            default -> Optional.empty();
        };
        if (algorithm.isEmpty()) {
            return;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm.get());
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.get());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new TlsMaterialException(part, message);
            }
        }
        catch (GeneralSecurityException e) {
            throw new TlsMaterialException(part, message + ": " + e.getMessage());
        }
    }

    private static KeyStore inMemory(List<KeyEntry> entries)
    {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (KeyEntry entry : entries) {
                store.setKeyEntry("junction-" + index++, entry.key(), IN_MEMORY_PASSWORD.toCharArray(), entry.chain().toArray(new Certificate[0]));
            }
            return store;
        }
        catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an in-memory keystore", e);
        }
    }

    record KeyEntry(PrivateKey key, List<X509Certificate> chain) {}
}
