package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.security.SessionCodec;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console login with OpenID Connect (authorization code with PKCE) against a minimal
 * in-process issuer, driven like a browser: follow the redirects by hand, keep the cookies.
 */
class TestOidcLogin
{
    private static TestingIdentityProvider issuer;
    private static TestingJunction junction;
    private static AdminClient api;
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start()
    {
        issuer = new TestingIdentityProvider("junction-console", "console-secret");
        junction = TestingJunction.builder()
                .property("security.oidc.issuer", issuer.issuer().toString())
                .property("security.oidc.client-id", "junction-console")
                .property("security.oidc.client-secret", "console-secret")
                .property("security.oidc.groups-claim", "groups")
                .property("security.roles.operator-groups", "platform")
                .build();
        api = new AdminClient(junction.adminUri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
        issuer.close();
    }

    private record Hop(int status, String location, List<String> setCookies) {}

    private static Hop get(URI uri, String cookie)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> response = BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Hop(response.statusCode(), response.headers().firstValue("Location").orElse(null), response.headers().allValues("Set-Cookie"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(Hop hop, String name)
    {
        String value = hop.setCookies().stream().filter(cookie -> cookie.startsWith(name + "=")).findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + ": " + hop));
        return value.substring(0, value.indexOf(';'));
    }

    private static URI resolve(String location)
    {
        return junction.adminUri().resolve(location);
    }

    @Test
    void logsInThroughTheIssuerWithPkceAndMapsTheGroupsClaimToARole()
    {
        Hop start = get(junction.adminUri().resolve("/api/v1/login/oidc?redirect=/console/clusters"), null);
        assertThat(start.status()).isEqualTo(303);
        assertThat(start.location()).startsWith(issuer.issuer() + "/authorize?").contains("code_challenge_method=S256").contains("code_challenge=").contains("nonce=");
        String stateCookie = cookie(start, SessionCodec.OIDC_STATE_COOKIE);
        assertThat(start.setCookies().getFirst()).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/api/v1/login/oidc");

        issuer.nextLogin("olga", List.of("platform", "everyone"));
        Hop authorized = get(URI.create(start.location()), null);
        assertThat(authorized.status()).isEqualTo(302);
        assertThat(authorized.location()).startsWith(junction.adminUri() + "/api/v1/login/oidc/callback?code=");

        Hop callback = get(URI.create(authorized.location()), stateCookie);
        assertThat(callback.status()).as(callback.toString() + issuer.refusals()).isEqualTo(303);
        assertThat(callback.location()).isEqualTo("/console/clusters");
        String session = cookie(callback, SessionCodec.SESSION_COOKIE);

        JsonNode me = api.send("GET", "/api/v1/me", null, Map.of("Cookie", session)).json();
        assertThat(me.get("user").asText()).isEqualTo("olga");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("operator", "viewer");
        assertThat(me.get("method").asText()).isEqualTo("oidc");
        assertThat(me.get("loginMethods")).extracting(JsonNode::asText).containsExactly("oidc");
        assertThat(api.send("GET", "/api/v1/clusters", null, Map.of("Cookie", session)).status()).isEqualTo(200);

        Hop replay = get(URI.create(authorized.location()), stateCookie);
        assertThat(replay.status()).as("a code is used once").isEqualTo(401);
        assertThat(issuer.refusals()).anyMatch(refusal -> refusal.contains("invalid_grant"));
    }

    @Test
    void refusesCallbacksWithoutTheLoginStateOrWithAnotherLoginsState()
    {
        Hop first = get(junction.adminUri().resolve("/api/v1/login/oidc"), null);
        Hop second = get(junction.adminUri().resolve("/api/v1/login/oidc"), null);
        issuer.nextLogin("mallory", List.of("platform"));
        Hop authorized = get(URI.create(first.location()), null);

        assertThat(get(URI.create(authorized.location()), null).status()).as("no state cookie (a stolen code)").isEqualTo(401);
        Hop wrongState = get(URI.create(authorized.location()), cookie(second, SessionCodec.OIDC_STATE_COOKIE));
        assertThat(wrongState.status()).as("the state of another login").isEqualTo(401);
        assertThat(wrongState.setCookies()).noneMatch(cookie -> cookie.startsWith(SessionCodec.SESSION_COOKIE + "="));
        assertThat(get(resolve("/api/v1/login/oidc/callback?error=access_denied&state=x"), cookie(first, SessionCodec.OIDC_STATE_COOKIE)).status()).isEqualTo(401);
    }

    @Test
    void aUserWithoutAMappedGroupIsAuthenticatedButMayNotCallTheApi()
    {
        Hop start = get(junction.adminUri().resolve("/api/v1/login/oidc"), null);
        issuer.nextLogin("guest", List.of("everyone"));
        Hop authorized = get(URI.create(start.location()), null);
        Hop callback = get(URI.create(authorized.location()), cookie(start, SessionCodec.OIDC_STATE_COOKIE));
        assertThat(callback.location()).as("default return path").isEqualTo("/console/");
        String session = cookie(callback, SessionCodec.SESSION_COOKIE);
        JsonNode me = api.send("GET", "/api/v1/me", null, Map.of("Cookie", session)).json();
        assertThat(me.get("authenticated").asBoolean()).isTrue();
        assertThat(me.get("roles")).isEmpty();
        assertThat(api.send("GET", "/api/v1/clusters", null, Map.of("Cookie", session)).status()).isEqualTo(403);
    }

    @Test
    void neverRedirectsToAnotherSite()
    {
        for (String target : List.of("https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com", "javascript:alert(1)")) {
            Hop start = get(junction.adminUri().resolve("/api/v1/login/oidc?redirect=" + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8)), null);
            issuer.nextLogin("olga", List.of("platform"));
            Hop authorized = get(URI.create(start.location()), null);
            Hop callback = get(URI.create(authorized.location()), cookie(start, SessionCodec.OIDC_STATE_COOKIE));
            assertThat(callback.location()).as(target).isEqualTo("/console/");
        }
    }

    @Test
    void anUnreachableIssuerIsA503()
    {
        try (TestingJunction unreachable = TestingJunction.builder()
                .property("security.oidc.issuer", "http://127.0.0.1:1")
                .property("security.oidc.client-id", "junction-console")
                .build()) {
            AdminClient.Reply reply = new AdminClient(unreachable.adminUri()).send("GET", "/api/v1/login/oidc", null, Map.of());
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("error").asText()).contains("127.0.0.1:1");
        }
    }
}
