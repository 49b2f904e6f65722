package io.junction.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact header values Trino 476 sends (captured from a real server behind Junction's
 * forwarding headers); TestSecurityWithTrino runs the whole flow against a real Trino.
 */
class TestOAuth2Challenge
{
    private static final String PREFIX = "/j/c2VjdXJlZA.AAAAAAAAAAAAAAAA";

    @Test
    void routesBothServerUrisOfTheChallengeThroughTheIssuingCluster()
    {
        String challenge = "Bearer x_redirect_server=\"https://gw:8443/oauth2/token/initiate/f247c179a319a71c46f076c989edb28432a30057a1203cdaafd707a3cf1c0bec\", "
                + "x_token_server=\"https://gw:8443/oauth2/token/f785d3e6-1312-41a4-9c06-7607d86256e2\"";

        String rewritten = OAuth2Challenge.rewriteChallenge(challenge, uri -> uri.replace("https://gw:8443", "https://gw:8443" + PREFIX));

        assertThat(rewritten).isEqualTo("Bearer x_redirect_server=\"https://gw:8443" + PREFIX + "/oauth2/token/initiate/f247c179a319a71c46f076c989edb28432a30057a1203cdaafd707a3cf1c0bec\", "
                + "x_token_server=\"https://gw:8443" + PREFIX + "/oauth2/token/f785d3e6-1312-41a4-9c06-7607d86256e2\"");
    }

    @Test
    void leavesOtherChallengesAlone()
    {
        assertThat(OAuth2Challenge.rewriteChallenge("Basic realm=\"Trino\"", _ -> "changed")).isEqualTo("Basic realm=\"Trino\"");
        assertThat(OAuth2Challenge.rewriteChallenge("Bearer realm=\"x\", error=\"invalid_token\"", _ -> "changed")).isEqualTo("Bearer realm=\"x\", error=\"invalid_token\"");
    }

    @Test
    void scopesTheNonceCookieToTheCallbackUnderTheRouteToken()
    {
        String cookie = "__Secure-Trino-Nonce=MyDak36gAZnNcmooLH8O2kSSm0EwfNnQ9RwKavuMfoo;Version=1;Path=/oauth2/callback;Secure;HttpOnly;Expires=Sat, 28 Nov 2026 16:54:13 GMT";

        assertThat(OAuth2Challenge.rewriteCookiePath(cookie, PREFIX))
                .isEqualTo("__Secure-Trino-Nonce=MyDak36gAZnNcmooLH8O2kSSm0EwfNnQ9RwKavuMfoo;Version=1;Path=" + PREFIX + "/oauth2/callback;Secure;HttpOnly;Expires=Sat, 28 Nov 2026 16:54:13 GMT");
        assertThat(OAuth2Challenge.rewriteCookiePath("Trino-UI-Token=x; Path=/ui; HttpOnly", PREFIX)).isEqualTo("Trino-UI-Token=x; Path=/ui; HttpOnly");
        assertThat(OAuth2Challenge.rewriteCookiePath("a=b; Path=/oauth2/callbacks", PREFIX)).isEqualTo("a=b; Path=/oauth2/callbacks");
    }

    @Test
    void knowsTheTokenPollFromTheBrowserLeg()
    {
        assertThat(OAuth2Challenge.isTokenPoll("/oauth2/token/f785d3e6-1312-41a4-9c06-7607d86256e2")).isTrue();
        assertThat(OAuth2Challenge.isTokenPoll("/oauth2/token/initiate/f247c179")).isFalse();
        assertThat(OAuth2Challenge.isTokenPoll("/oauth2/callback")).isFalse();
    }
}
