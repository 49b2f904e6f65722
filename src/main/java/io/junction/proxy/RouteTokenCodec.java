package io.junction.proxy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * Route tokens: short, signed, URL-safe values that name the cluster of a query, carried
 * in the path prefix Junction asks Trino to put in front of every URI it returns
 * ({@code X-Forwarded-Prefix: /j/<token>}). Any node holding the same secret routes a
 * follow-up by verifying the token, with no lookup.
 * <p>
 * Format: {@code base64url(cluster name) "." base64url(first 12 bytes of HMAC-SHA256(secret, "route:v1:" + name))}.
 * Verified tokens are cached (their number is bounded by the number of clusters); forged
 * ones are not. Thread-safe.
 */
public final class RouteTokenCodec
{
    public static final String PREFIX_SEGMENT = "j";
    public static final String PREFIX = "/" + PREFIX_SEGMENT + "/";

    private static final int MAC_BYTES = 12;
    private static final int MAX_TOKEN_LENGTH = 160;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final ConcurrentMap<String, String> tokensByCluster = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> clustersByToken = new ConcurrentHashMap<>();

    public RouteTokenCodec(byte[] secret)
    {
        requireNonNull(secret, "secret is null");
        if (secret.length < 16) {
            throw new IllegalArgumentException("route token secret must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String encode(String clusterName)
    {
        return tokensByCluster.computeIfAbsent(clusterName, name -> {
            String token = ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(name));
            clustersByToken.put(token, name);
            return token;
        });
    }

    /**
     * The path prefix for a cluster, e.g. {@code /j/dHJpbm8x.Xq3...}.
     */
    public String pathPrefix(String clusterName)
    {
        return PREFIX + encode(clusterName);
    }

    /**
     * @return the cluster name the token was signed for, or empty if the token is malformed or forged
     */
    public Optional<String> decode(String token)
    {
        String known = clustersByToken.get(token);
        if (known != null) {
            return Optional.of(known);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        try {
            String name = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] presented = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(presented, mac(name))) {
                return Optional.empty();
            }
            encode(name);
            return Optional.of(name);
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String clusterName)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(("route:v1:" + clusterName).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, MAC_BYTES);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
