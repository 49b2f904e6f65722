package io.junction.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * HTTPS clients for tests that trust one test certificate authority.
 */
public final class TlsClients
{
    private TlsClients() {}

    public static SSLContext trusting(X509Certificate authority)
    {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", authority);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new client (so a new connection and handshake) that trusts {@code authority}.
     */
    public static HttpClient client(X509Certificate authority)
    {
        return HttpClient.newBuilder().sslContext(trusting(authority)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static HttpResponse<String> get(HttpClient client, URI uri)
    {
        return send(client, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build());
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request)
    {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The common name of the certificate the server presented.
     */
    public static String servedCommonName(HttpResponse<?> response)
    {
        SSLSession session = response.sslSession().orElseThrow(() -> new IllegalStateException("not a TLS response"));
        try {
            X509Certificate certificate = (X509Certificate) session.getPeerCertificates()[0];
            return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
        }
        catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IllegalStateException(e);
        }
    }
}
