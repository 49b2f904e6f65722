package io.junction.security;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The TLS context of one listener, and the watcher that swaps in a new certificate when its
 * files change, without a restart: every {@code reloadInterval} the files are hashed; when
 * the hash differs, the key material is loaded and checked again and, if usable, handed to
 * Jetty ({@link SslContextFactory#reload}), which serves it to new connections. Connections
 * already open keep the old certificate. A change that cannot be used (a certificate written
 * before its key, a wrong password) is logged and the old certificate stays; the next change
 * is tried again.
 * <p>
 * Thread-safe: the watcher runs on its own thread, started by {@link #start()}, stopped by
 * {@link #stop()}.
 */
public final class ReloadingSslContext
{
    private static final Logger log = LoggerFactory.getLogger(ReloadingSslContext.class);

    private final String listener;
    private final HttpsConfig config;
    private final TlsKeySource keys;
    private final SslContextFactory.Server factory;
    private volatile byte[] loadedDigest;
    private ScheduledExecutorService watcher;

    /**
     * @param listener the listener's name for logs, e.g. "proxy" or "admin"
     * @throws TlsMaterialException if the key material cannot be used now
     */
    public ReloadingSslContext(String listener, HttpsConfig config)
    {
        this.listener = requireNonNull(listener, "listener is null");
        this.config = requireNonNull(config, "config is null");
        this.keys = config.keys().orElseThrow(() -> new IllegalArgumentException("HTTPS of the " + listener + " listener has no key material"));
        this.loadedDigest = digest();
        KeyStore keyStore = keys.load();
        this.factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(TlsKeySource.IN_MEMORY_PASSWORD);
        factory.setKeyManagerPassword(TlsKeySource.IN_MEMORY_PASSWORD);
        factory.setIncludeProtocols(config.protocols().toArray(String[]::new));
        factory.setIncludeCipherSuites(config.cipherSuites().toArray(String[]::new));
        factory.setRenegotiationAllowed(false);
        log.info("TLS certificate of the {} listener: {}", listener, TlsKeySource.describe(keyStore));
    }

    public SslContextFactory.Server factory()
    {
        return factory;
    }

    public void start()
    {
        long interval = config.reloadInterval().toMillis();
        watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tls-reload-" + listener).daemon().factory());
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
    }

    public void stop()
    {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /**
     * Loads the key material again if its files changed since the last attempt.
     *
     * @return whether a new certificate is now served
     */
    public boolean reloadIfChanged()
    {
        byte[] current = digest();
        if (Arrays.equals(current, loadedDigest)) {
            return false;
        }
        loadedDigest = current;
        KeyStore keyStore;
        try {
            keyStore = keys.load();
        }
        catch (TlsMaterialException e) {
            log.warn("The key material of the {} listener changed but cannot be used; still serving the previous certificate: {}", listener, e.getMessage());
            return false;
        }
        try {
            factory.reload(reloaded -> reloaded.setKeyStore(keyStore));
        }
        catch (Exception e) {
            log.warn("Reloading the TLS context of the {} listener failed; still serving the previous certificate", listener, e);
            return false;
        }
        log.info("Reloaded the TLS certificate of the {} listener: {}", listener, TlsKeySource.describe(keyStore));
        return true;
    }

    private byte[] digest()
    {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path file : keys.files()) {
            digest.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                digest.update(Files.readAllBytes(file));
            }
            catch (IOException e) {
                // a missing file (mid-rename) hashes differently from any content; load() says why
                digest.update((byte) 0);
            }
        }
        return digest.digest();
    }
}
