package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.security.AuthenticationMethod;
import io.junction.security.Principal;
import io.junction.security.Role;
import io.junction.security.SessionCodec;
import io.junction.testing.TestingJunction;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's identity endpoints on a real Junction: password login (JSON and form),
 * the session cookie and its attributes, CSRF protection of changes made with the cookie,
 * logout, expired and forged cookies, and the login rate limit.
 */
class TestConsoleSessions
{
    private static final String SESSION_SECRET = "console-session-secret-0123456789abcdef";
    private static TestingJunction junction;
    private static AdminClient api;

    @BeforeAll
    static void start()
    {
        junction = TestingJunction.builder()
                .cluster("seeded", URI.create("http://127.0.0.1:1"), "adhoc")
                .file("password.db", "alice:" + bcrypt("alice-pw") + "\nvic:" + bcrypt("vic-pw") + "\nmallory:" + bcrypt("mallory-pw") + "\n")
                .property("security.password-file", "password.db")
                .property("security.roles.operator-users", "alice")
                .property("security.roles.viewer-users", "vic")
                .property("security.session.secret", SESSION_SECRET)
                .property("security.login.max-failures-per-user", "3")
                .build();
        api = new AdminClient(junction.adminUri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
    }

    private static String bcrypt(String password)
    {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 8);
    }

    private static String sessionCookie(AdminClient.Reply login)
    {
        String setCookie = login.headerValues("Set-Cookie").stream().filter(value -> value.startsWith(SessionCodec.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void anonymousCallerSeesLoginMethodsAndNoUser()
    {
        AdminClient.Reply me = api.send("GET", "/api/v1/me", null, Map.of());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user").isNull()).isTrue();
        assertThat(me.json().get("authenticated").asBoolean()).isFalse();
        assertThat(me.json().get("roles")).isEmpty();
        assertThat(me.json().get("loginMethods")).extracting(JsonNode::asText).containsExactly("password");
        assertThat(api.send("GET", "/api/v1/clusters", null, Map.of("Sec-Fetch-Mode", "cors")).headerValues("WWW-Authenticate"))
                .as("no Basic challenge for the console's fetch calls: the browser would show its own login dialog")
                .isEmpty();
    }

    @Test
    void loginSetsASecureSessionCookieAndChangesNeedItsCsrfToken()
    {
        AdminClient.Reply login = api.send("POST", "/api/v1/login", "{\"username\": \"alice\", \"password\": \"alice-pw\"}", Map.of("Content-Type", "application/json"));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("user").asText()).isEqualTo("alice");
        assertThat(login.json().get("roles")).extracting(JsonNode::asText).containsExactly("operator", "viewer");
        String csrf = login.json().get("csrfToken").asText();
        String setCookie = login.headerValues("Set-Cookie").getFirst();
        assertThat(setCookie).startsWith(SessionCodec.SESSION_COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/").contains("Max-Age=28800");
        assertThat(setCookie).as("plain HTTP without security.session.secure-cookie").doesNotContain("Secure");
        String cookie = sessionCookie(login);

        AdminClient.Reply me = api.send("GET", "/api/v1/me", null, Map.of("Cookie", cookie));
        assertThat(me.json().get("user").asText()).isEqualTo("alice");
        assertThat(me.json().get("csrfToken").asText()).isEqualTo(csrf);
        assertThat(me.json().get("method").asText()).isEqualTo("password-file");

        assertThat(api.send("GET", "/api/v1/clusters", null, Map.of("Cookie", cookie)).status()).isEqualTo(200);
        String change = "{\"state\": \"DRAINING\"}";
        AdminClient.Reply withoutToken = api.send("PUT", "/api/v1/clusters/seeded/state", change, Map.of("Cookie", cookie));
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().get("error").asText()).contains("X-Junction-CSRF");
        AdminClient.Reply wrongToken = api.send("PUT", "/api/v1/clusters/seeded/state", change, Map.of("Cookie", cookie, "X-Junction-CSRF", csrf + "x"));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(api.send("GET", "/api/v1/clusters/seeded", null, Map.of("Cookie", cookie)).json().get("state").asText()).as("nothing changed").isEqualTo("ACTIVE");

        AdminClient.Reply withToken = api.send("PUT", "/api/v1/clusters/seeded/state", change, Map.of("Cookie", cookie, "X-Junction-CSRF", csrf));
        assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
        assertThat(withToken.json().get("state").asText()).isEqualTo("DRAINING");
        api.send("PUT", "/api/v1/clusters/seeded/state", "{\"state\": \"ACTIVE\"}", Map.of("Cookie", cookie, "X-Junction-CSRF", csrf));

        AdminClient.Reply logout = api.send("POST", "/api/v1/logout", "", Map.of("Cookie", cookie));
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headerValues("Set-Cookie").getFirst()).startsWith(SessionCodec.SESSION_COOKIE + "=;").contains("Max-Age=0");
    }

    @Test
    void aViewerSessionCannotChangeAnythingEvenWithItsToken()
    {
        AdminClient.Reply login = api.send("POST", "/api/v1/login", "username=vic&password=vic-pw", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String cookie = sessionCookie(login);
        AdminClient.Reply change = api.send("DELETE", "/api/v1/clusters/seeded", null, Map.of("Cookie", cookie, "X-Junction-CSRF", login.json().get("csrfToken").asText()));
        assertThat(change.status()).isEqualTo(403);
        assertThat(change.json().get("error").asText()).contains("vic").contains("operator");
        assertThat(api.send("GET", "/api/v1/clusters/seeded", null, Map.of("Cookie", cookie)).status()).isEqualTo(200);
    }

    @Test
    void expiredAndForgedCookiesAreNotSessions()
    {
        SessionCodec lastWeek = new SessionCodec(SESSION_SECRET.getBytes(StandardCharsets.UTF_8), () -> Instant.now().minus(Duration.ofDays(7)), Duration.ofHours(8));
        String expired = SessionCodec.SESSION_COOKIE + "=" + lastWeek.encode(lastWeek.newSession(new Principal("alice", Optional.of(Role.ADMIN), AuthenticationMethod.PASSWORD_FILE)));
        SessionCodec otherKey = new SessionCodec("a-different-secret-0123456789abcdefgh".getBytes(StandardCharsets.UTF_8), Instant::now, Duration.ofHours(8));
        String forged = SessionCodec.SESSION_COOKIE + "=" + otherKey.encode(otherKey.newSession(new Principal("alice", Optional.of(Role.ADMIN), AuthenticationMethod.PASSWORD_FILE)));
        SessionCodec sameKey = new SessionCodec(SESSION_SECRET.getBytes(StandardCharsets.UTF_8), Instant::now, Duration.ofHours(8));
        String valid = SessionCodec.SESSION_COOKIE + "=" + sameKey.encode(sameKey.newSession(new Principal("alice", Optional.of(Role.ADMIN), AuthenticationMethod.PASSWORD_FILE)));

        for (String cookie : new String[] {expired, forged, SessionCodec.SESSION_COOKIE + "=garbage"}) {
            assertThat(api.send("GET", "/api/v1/clusters", null, Map.of("Cookie", cookie)).status()).as(cookie).isEqualTo(401);
            assertThat(api.send("GET", "/api/v1/me", null, Map.of("Cookie", cookie)).json().get("authenticated").asBoolean()).isFalse();
        }
        assertThat(api.send("GET", "/api/v1/clusters", null, Map.of("Cookie", valid)).status()).as("a cookie of another node with the same secret").isEqualTo(200);
    }

    @Test
    void tooManyFailedLoginsBlockTheUserEvenWithTheRightPassword()
    {
        for (int i = 0; i < 3; i++) {
            AdminClient.Reply failed = api.send("POST", "/api/v1/login", "{\"username\": \"mallory\", \"password\": \"guess-" + i + "\"}", Map.of());
            assertThat(failed.status()).isEqualTo(401);
            assertThat(failed.json().get("error").asText()).isEqualTo("invalid user name or password");
            assertThat(failed.headerValues("Set-Cookie")).isEmpty();
        }
        AdminClient.Reply blocked = api.send("POST", "/api/v1/login", "{\"username\": \"mallory\", \"password\": \"mallory-pw\"}", Map.of());
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isPresent();
        assertThat(blocked.json().get("error").asText()).contains("too many failed logins");
        assertThat(blocked.headerValues("Set-Cookie")).isEmpty();
    }

    @Test
    void refusesLoginsPostedFromAnotherSiteAndMalformedBodies()
    {
        AdminClient.Reply crossSite = api.send("POST", "/api/v1/login", "username=alice&password=alice-pw",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example.com"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.headerValues("Set-Cookie")).isEmpty();
        assertThat(api.send("POST", "/api/v1/login", "{not json", Map.of()).status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/v1/login", "{\"username\": \"alice\"}", Map.of()).status()).isEqualTo(400);
        assertThat(api.send("GET", "/api/v1/login/oidc", null, Map.of()).status()).as("OIDC not configured").isEqualTo(404);
    }

    @Test
    void withoutAuthenticationTheLoopbackCallerIsAnAdministrator()
    {
        try (TestingJunction open = TestingJunction.builder().build()) {
            AdminClient openApi = new AdminClient(open.adminUri());
            AdminClient.Reply me = openApi.send("GET", "/api/v1/me", null, Map.of());
            assertThat(me.json().get("authenticated").asBoolean()).isFalse();
            assertThat(me.json().get("user").isNull()).isTrue();
            assertThat(me.json().get("roles")).extracting(JsonNode::asText).containsExactly("admin", "operator", "viewer");
            assertThat(me.json().get("loginMethods")).isEmpty();
            assertThat(openApi.send("POST", "/api/v1/login", "{\"username\": \"a\", \"password\": \"b\"}", Map.of()).status()).isEqualTo(404);
        }
    }
}
