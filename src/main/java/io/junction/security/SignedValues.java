package io.junction.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Values that only the holder of a key can make: {@code base64url(payload) "." base64url(HMAC-SHA256)}.
 * Each purpose (session, CSRF token, OIDC login state) derives its own key from the one
 * secret, so a value made for one purpose is never valid for another. Thread-safe.
 */
final class SignedValues
{
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    SignedValues(byte[] secret, String purpose)
    {
        requireNonNull(secret, "secret is null");
        requireNonNull(purpose, "purpose is null");
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"), purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    String sign(byte[] payload)
    {
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(hmac(key, payload));
    }

    /**
     * The payload, if the value was made with this key and purpose.
     */
    Optional<byte[]> verify(String value)
    {
        int dot = value.indexOf('.');
        if (dot <= 0 || dot != value.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(value.substring(0, dot));
            byte[] signature = DECODER.decode(value.substring(dot + 1));
            return MessageDigest.isEqual(signature, hmac(key, payload)) ? Optional.of(payload) : Optional.empty();
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A MAC of the text (for tokens derived from a value, such as the CSRF token of a session).
     */
    String mac(String text)
    {
        return ENCODER.encodeToString(hmac(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
