package io.junction.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An RSA signing key of a test issuer, and JWTs signed with it (or forged) for tests.
 */
public final class TestingTokens
{
    private final RSAKey key;

    public TestingTokens(String keyId)
    {
        try {
            this.key = new RSAKeyGenerator(2048).keyID(keyId).generate();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The public key set (what a JWKS endpoint or key file holds).
     */
    public String publicJwks()
    {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /**
     * The public key in PEM ({@code -----BEGIN PUBLIC KEY-----}).
     */
    public String publicPem()
    {
        try {
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWTClaimsSet.Builder claims(String issuer, String audience, String subject, Instant expiry)
    {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(expiry.minusSeconds(3600)))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString());
    }

    public String sign(JWTClaimsSet claims)
    {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sign(String issuer, String audience, String subject, Instant expiry, Map<String, Object> extraClaims)
    {
        JWTClaimsSet.Builder claims = claims(issuer, audience, subject, expiry);
        extraClaims.forEach(claims::claim);
        return sign(claims.build());
    }

    /**
     * An unsigned token ({@code alg: none}): must never be accepted.
     */
    public static String unsigned(JWTClaimsSet claims)
    {
        return new PlainJWT(claims).serialize();
    }

    /**
     * A token signed with HMAC using the public key's modulus as the secret: the classic
     * algorithm-confusion forgery. Must never be accepted.
     */
    public String hmacForgery(JWTClaimsSet claims)
    {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new MACSigner(key.getModulus().decode()));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> groups(String... names)
    {
        return List.of(names);
    }
}
