package io.junction.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Verifies a signed JWT (JWS): the signature against keys from a JWKS URL (cached, refetched
 * when an unknown key id appears) or a fixed key set; asymmetric algorithms only (RSA and
 * EC; never {@code none} or HMAC); the issuer equal to the configured one; the audience
 * containing the configured one; an expiry that is required and not passed (time from the
 * injected clock, with a small skew); {@code nbf} when present. Thread-safe.
 */
public final class TokenVerifier
{
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private static final Pattern PEM_PUBLIC_KEY = Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String issuer;
    private final String audience;
    private final InstantSource clock;
    private final Duration clockSkew;

    public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, InstantSource clock, Duration clockSkew)
    {
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.audience = requireNonNull(audience, "audience is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.clockSkew = requireNonNull(clockSkew, "clockSkew is null");
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier((claims, context) -> verifyClaims(claims));
    }

    /**
     * Keys fetched from a JWKS URL, cached for {@code refresh}, with connect and read timeouts.
     */
    public static JWKSource<SecurityContext> remoteKeys(URI jwksUrl, Duration refresh, Duration timeout)
    {
        int timeoutMillis = (int) timeout.toMillis();
        try {
            return JWKSourceBuilder.create(jwksUrl.toURL(), new DefaultResourceRetriever(timeoutMillis, timeoutMillis, 1024 * 1024))
                    .cache(refresh.toMillis(), timeout.toMillis())
                    .retrying(false)
                    .build();
        }
        catch (MalformedURLException e) {
            throw new IllegalArgumentException("invalid JWKS URL " + jwksUrl + ": " + e.getMessage());
        }
    }

    /**
     * Keys from a file: a JWKS document (keys matched by their key id), or PEM public keys
     * ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC), each tried whatever key id a token names.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static JWKSource<SecurityContext> keysFromFile(Path file)
    {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage());
        }
        try {
            if (text.startsWith("{")) {
                return new ImmutableJWKSet<>(JWKSet.parse(text));
            }
            List<JWK> keys = new ArrayList<>();
            Matcher matcher = PEM_PUBLIC_KEY.matcher(text);
            while (matcher.find()) {
                keys.add(publicKey(Base64.getMimeDecoder().decode(matcher.group(1))));
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no JWKS document and no PEM public key (-----BEGIN PUBLIC KEY-----)");
            }
            List<JWK> all = List.copyOf(keys);
            return (selector, context) -> all;
        }
        catch (ParseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + file + ": " + e.getMessage());
        }
    }

    private static JWK publicKey(byte[] der)
            throws GeneralSecurityException
    {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec)).build();
        }
        catch (InvalidKeySpecException e) {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
            return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), key).build();
        }
    }

    /**
     * @throws AuthenticationException naming what is wrong with the token (never repeating it)
     * @throws IdentityProviderUnavailableException when the keys cannot be fetched
     */
    public JWTClaimsSet verify(String token)
            throws AuthenticationException
    {
        try {
            return processor.process(token, null);
        }
        catch (ParseException e) {
            throw new AuthenticationException("malformed token: " + e.getMessage());
        }
        catch (BadJOSEException e) {
            throw new AuthenticationException("invalid token: " + e.getMessage());
        }
        catch (com.nimbusds.jose.KeySourceException e) {
            throw new IdentityProviderUnavailableException("cannot fetch the token signing keys: " + e.getMessage(), e);
        }
        catch (JOSEException e) {
            throw new AuthenticationException("invalid token: " + e.getMessage());
        }
    }

    /**
     * The values of a claim that holds names: a JSON array of strings, or one string of
     * names separated by commas or spaces.
     */
    public static Set<String> names(JWTClaimsSet claims, String claim)
    {
        Object value = claims.getClaim(claim);
        Set<String> names = new LinkedHashSet<>();
        if (value instanceof Collection<?> values) {
            values.stream().filter(item -> item != null).map(Object::toString).forEach(names::add);
        }
        else if (value instanceof String text) {
            for (String name : text.split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private void verifyClaims(JWTClaimsSet claims)
            throws BadJWTException
    {
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("issuer '" + claims.getIssuer() + "' is not the expected '" + issuer + "'");
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new BadJWTException("audience " + audiences + " does not contain '" + audience + "'");
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new BadJWTException("the token has no expiry (exp)");
        }
        if (now.isAfter(expiry.toInstant().plus(clockSkew))) {
            throw new BadJWTException("the token expired at " + expiry.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore.toInstant())) {
            throw new BadJWTException("the token is not valid before " + notBefore.toInstant());
        }
    }
}
