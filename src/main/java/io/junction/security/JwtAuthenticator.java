package io.junction.security;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Bearer tokens for automation: a JWT signed by a trusted issuer ({@link TokenVerifier});
 * the user is a configured claim ({@code sub} by default), the groups another (optional).
 * Thread-safe; may block to fetch keys.
 */
public final class JwtAuthenticator
{
    private final TokenVerifier verifier;
    private final String userClaim;
    private final Optional<String> groupsClaim;

    public JwtAuthenticator(TokenVerifier verifier, String userClaim, Optional<String> groupsClaim)
    {
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.userClaim = requireNonNull(userClaim, "userClaim is null");
        this.groupsClaim = requireNonNull(groupsClaim, "groupsClaim is null");
    }

    public AuthenticatedUser authenticate(String token)
            throws AuthenticationException
    {
        JWTClaimsSet claims = verifier.verify(token);
        Object user = claims.getClaim(userClaim);
        if (!(user instanceof String name) || name.isBlank()) {
            throw new AuthenticationException("the token has no user claim '" + userClaim + "'");
        }
        Set<String> groups = groupsClaim.map(claim -> TokenVerifier.names(claims, claim)).orElse(Set.of());
        return new AuthenticatedUser(name, groups, AuthenticationMethod.JWT);
    }

    /**
     * When the token stops being valid (its {@code exp}): a cached authentication must not outlive it.
     */
    public static Optional<Instant> expiry(String token)
    {
        try {
            return Optional.ofNullable(SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime()).map(Date::toInstant);
        }
        catch (ParseException e) {
            return Optional.empty();
        }
    }
}
