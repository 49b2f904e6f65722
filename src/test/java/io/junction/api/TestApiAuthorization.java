package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.security.Access;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTokens;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the admin API, as registered, against every kind of caller: anonymous (401),
 * authenticated with too low a role (403), allowed. The table below is the decision of who may
 * call what; a route registered without a row here fails the test. Refused calls carry a body
 * that would change the store, and the store is unchanged afterwards.
 */
class TestApiAuthorization
{
    private static final Map<String, Access> EXPECTED_ACCESS = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /api/v1/me", Access.PUBLIC),
            Map.entry("POST /api/v1/login", Access.PUBLIC),
            Map.entry("POST /api/v1/logout", Access.PUBLIC),
            Map.entry("GET /api/v1/login/oidc", Access.PUBLIC),
            Map.entry("GET /api/v1/login/oidc/callback", Access.PUBLIC),
            Map.entry("GET /api/v1/clusters", Access.VIEWER),
            Map.entry("POST /api/v1/clusters", Access.OPERATOR),
            Map.entry("GET /api/v1/clusters/{name}", Access.VIEWER),
            Map.entry("PUT /api/v1/clusters/{name}", Access.OPERATOR),
            Map.entry("DELETE /api/v1/clusters/{name}", Access.OPERATOR),
            Map.entry("PUT /api/v1/clusters/{name}/state", Access.OPERATOR),
            Map.entry("GET /api/v1/groups", Access.VIEWER),
            Map.entry("POST /api/v1/groups", Access.OPERATOR),
            Map.entry("GET /api/v1/groups/{name}", Access.VIEWER),
            Map.entry("PUT /api/v1/groups/{name}", Access.OPERATOR),
            Map.entry("DELETE /api/v1/groups/{name}", Access.OPERATOR),
            Map.entry("GET /api/v1/rules", Access.VIEWER),
            Map.entry("PUT /api/v1/rules", Access.OPERATOR),
            Map.entry("POST /api/v1/rules", Access.OPERATOR),
            Map.entry("POST /api/v1/rules/validate", Access.VIEWER),
            Map.entry("GET /api/v1/rules/versions", Access.VIEWER),
            Map.entry("GET /api/v1/rules/versions/{version}", Access.VIEWER),
            Map.entry("POST /api/v1/rules/rollback", Access.OPERATOR),
            Map.entry("PUT /api/v1/rules/{name}", Access.OPERATOR),
            Map.entry("DELETE /api/v1/rules/{name}", Access.OPERATOR),
            Map.entry("GET /api/v1/history", Access.VIEWER),
            Map.entry("GET /api/v1/history/recorder", Access.VIEWER),
            Map.entry("GET /api/v1/history/{queryId}", Access.VIEWER),
            Map.entry("GET /api/v1/audit", Access.ADMIN),
            Map.entry("GET /api/v1/fleet", Access.VIEWER),
            Map.entry("GET /api/v1/openapi.yaml", Access.VIEWER),
            Map.entry("GET /gateway", Access.VIEWER),
            Map.entry("GET /gateway/backend/all", Access.VIEWER),
            Map.entry("GET /gateway/backend/active", Access.VIEWER),
            Map.entry("POST /gateway/backend/activate/{name}", Access.OPERATOR),
            Map.entry("POST /gateway/backend/deactivate/{name}", Access.OPERATOR),
            Map.entry("POST /gateway/backend/modify/add", Access.OPERATOR),
            Map.entry("POST /gateway/backend/modify/update", Access.OPERATOR),
            Map.entry("POST /gateway/backend/modify/delete", Access.OPERATOR),
            Map.entry("GET /entity", Access.VIEWER),
            Map.entry("POST /entity", Access.OPERATOR),
            Map.entry("GET /entity/{entityType}", Access.VIEWER),
            Map.entry("GET /api/public/backends", Access.VIEWER),
            Map.entry("GET /api/public/backends/{name}", Access.VIEWER),
            Map.entry("GET /api/public/backends/{name}/state", Access.VIEWER)));

    /**
     * Bodies that would change the store if the call were allowed (refused calls must not).
     */
    private static final Map<String, String> CHANGING_BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/clusters", "{\"name\": \"intruder\", \"uri\": \"http://127.0.0.1:9\", \"routingGroup\": \"adhoc\"}"),
            Map.entry("PUT /api/v1/clusters/{name}", "{\"uri\": \"http://127.0.0.1:9\", \"routingGroup\": \"evil\"}"),
            Map.entry("PUT /api/v1/clusters/{name}/state", "{\"state\": \"DRAINING\"}"),
            Map.entry("POST /api/v1/groups", "{\"name\": \"intruders\"}"),
            Map.entry("PUT /api/v1/groups/{name}", "{\"description\": \"changed\"}"),
            Map.entry("PUT /api/v1/rules", "{\"rules\": [{\"name\": \"intruder\", \"condition\": \"true\", \"actions\": [{\"route\": \"evil\"}]}]}"),
            Map.entry("POST /api/v1/rules", "{\"name\": \"intruder\", \"condition\": \"true\", \"actions\": [{\"route\": \"evil\"}]}"),
            Map.entry("PUT /api/v1/rules/{name}", "{\"condition\": \"true\", \"actions\": [{\"route\": \"evil\"}]}"),
            Map.entry("POST /api/v1/rules/rollback", "{\"version\": 1}"),
            Map.entry("POST /gateway/backend/modify/add", "{\"name\": \"intruder\", \"proxyTo\": \"http://127.0.0.1:9\"}"),
            Map.entry("POST /gateway/backend/modify/update", "{\"name\": \"seeded\", \"proxyTo\": \"http://127.0.0.1:9\"}"),
            Map.entry("POST /gateway/backend/modify/delete", "seeded"),
            Map.entry("POST /entity", "{\"name\": \"intruder\", \"proxyTo\": \"http://127.0.0.1:9\"}"));

    private static final String ISSUER = "https://issuer.example.com";
    private static final TestingTokens TOKENS = new TestingTokens("api-key");
    private static TestingJunction junction;
    private static AdminClient api;

    enum Caller
    {
        ANONYMOUS(Optional.empty()),
        NO_ROLE(Optional.of("nora")),
        VIEWER(Optional.of("vic")),
        OPERATOR(Optional.of("olga")),
        ADMIN(Optional.of("root"));

        private final Optional<String> user;

        Caller(Optional<String> user)
        {
            this.user = user;
        }

        Map<String, String> headers()
        {
            return user.map(name -> Map.of("Authorization", basic(name, name + "-password"))).orElse(Map.of());
        }

        boolean mayCall(Access access)
        {
            return switch (access) {
                case PUBLIC -> true;
                case VIEWER -> this == VIEWER || this == OPERATOR || this == ADMIN;
                case OPERATOR -> this == OPERATOR || this == ADMIN;
                case ADMIN -> this == ADMIN;
            };
        }
    }

    @BeforeAll
    static void start()
    {
        StringBuilder passwords = new StringBuilder();
        for (Caller caller : Caller.values()) {
            caller.user.ifPresent(user -> passwords.append(user).append(':').append(bcrypt(user + "-password")).append('\n'));
        }
        junction = TestingJunction.builder()
                .cluster("seeded", URI.create("http://127.0.0.1:1"), "adhoc")
                .file("password.db", passwords.toString())
                .file("jwt-keys.json", TOKENS.publicJwks())
                .property("security.password-file", "password.db")
                .property("security.jwt.issuer", ISSUER)
                .property("security.jwt.audience", "junction-admin")
                .property("security.jwt.key-file", "jwt-keys.json")
                .property("security.jwt.groups-claim", "groups")
                .property("security.roles.admin-users", "root")
                .property("security.roles.operator-users", "olga")
                .property("security.roles.operator-groups", "platform")
                .property("security.roles.viewer-users", "vic")
                .build();
        api = new AdminClient(junction.adminUri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
    }

    static String basic(String user, String password)
    {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String bcrypt(String password)
    {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 8);
    }

    private static String key(ApiRoutes.Route route)
    {
        return route.method() + " " + route.path();
    }

    @Test
    void everyRegisteredRouteDeclaresTheAccessOfTheTable()
    {
        Map<String, Access> registered = junction.server().adminRoutes().stream()
                .collect(Collectors.toMap(TestApiAuthorization::key, ApiRoutes.Route::access, (first, second) -> first, TreeMap::new));
        assertThat(registered.keySet())
                .as("a route without a row in EXPECTED_ACCESS (or a row for a route that is gone): decide who may call it and add it to the table")
                .isEqualTo(EXPECTED_ACCESS.keySet());
        assertThat(registered).isEqualTo(EXPECTED_ACCESS);
    }

    @Test
    void everyRouteRefusesCallersWithoutTheRoleAndChangesNothing()
    {
        String storeBefore = storeState();
        List<String> failures = new ArrayList<>();
        for (ApiRoutes.Route route : junction.server().adminRoutes()) {
            Access access = route.access();
            for (Caller caller : Caller.values()) {
                if (caller.mayCall(access)) {
                    continue;
                }
                AdminClient.Reply reply = api.send(route.method(), concrete(route), CHANGING_BODIES.getOrDefault(key(route), "{}"), caller.headers());
                int expected = caller == Caller.ANONYMOUS ? 401 : 403;
                if (reply.status() != expected) {
                    failures.add("%s as %s: %d %s (expected %d)".formatted(key(route), caller, reply.status(), reply.body(), expected));
                    continue;
                }
                if (route.errorStyle() == ApiRoutes.ErrorStyle.JSON && !reply.json().path("error").isTextual()) {
                    failures.add("%s as %s: no JSON error: %s".formatted(key(route), caller, reply.body()));
                }
                if (expected == 401 && reply.headerValues("WWW-Authenticate").isEmpty()) {
                    failures.add("%s: 401 without WWW-Authenticate".formatted(key(route)));
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(storeState()).as("refused calls changed nothing").isEqualTo(storeBefore);
    }

    @Test
    void everyRouteLetsCallersWithTheRoleThrough()
    {
        List<String> failures = new ArrayList<>();
        for (ApiRoutes.Route route : junction.server().adminRoutes()) {
            for (Caller caller : Caller.values()) {
                if (!caller.mayCall(route.access())) {
                    continue;
                }
                // an empty body: the call gets past authorization and fails validation, so nothing changes
                AdminClient.Reply reply = api.send(route.method(), concrete(route).replace("seeded", "no-such-entity"), "", caller.headers());
                if (reply.status() == 401 || reply.status() == 403 || reply.status() >= 500) {
                    failures.add("%s as %s: %d %s".formatted(key(route), caller, reply.status(), reply.body()));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void bearerTokensGetTheRoleOfTheirGroupsClaimAndForgedOrExpiredOnesAreRefused()
    {
        String operatorToken = TOKENS.sign(ISSUER, "junction-admin", "svc-deploy", Instant.now().plusSeconds(300), Map.of("groups", List.of("platform")));
        AdminClient.Reply me = api.send("GET", "/api/v1/me", null, Map.of("Authorization", "Bearer " + operatorToken));
        assertThat(me.json().get("user").asText()).isEqualTo("svc-deploy");
        assertThat(me.json().get("roles")).extracting(JsonNode::asText).containsExactly("operator", "viewer");
        assertThat(me.json().get("authenticated").asBoolean()).isTrue();
        assertThat(me.json().has("csrfToken")).as("no CSRF token without a session").isFalse();

        AdminClient.Reply drain = api.send("PUT", "/api/v1/clusters/seeded/state", "{\"state\": \"INACTIVE\"}", Map.of("Authorization", "Bearer " + operatorToken));
        assertThat(drain.status()).as(drain.body()).isEqualTo(200);
        AdminClient.Reply audit = api.send("GET", "/api/v1/audit?entityName=seeded", null, Caller.ADMIN.headers());
        assertThat(audit.json().get("entries").get(0).get("actor").asText()).startsWith("svc-deploy@");
        api.send("PUT", "/api/v1/clusters/seeded/state", "{\"state\": \"ACTIVE\"}", Caller.OPERATOR.headers());

        String storeBefore = storeState();
        String expired = TOKENS.sign(ISSUER, "junction-admin", "svc-deploy", Instant.now().minusSeconds(3600), Map.of("groups", List.of("platform")));
        String otherAudience = TOKENS.sign(ISSUER, "trino", "svc-deploy", Instant.now().plusSeconds(300), Map.of("groups", List.of("platform")));
        String forged = new TestingTokens("api-key").sign(ISSUER, "junction-admin", "svc-deploy", Instant.now().plusSeconds(300), Map.of("groups", List.of("platform")));
        for (String token : List.of(expired, otherAudience, forged, "garbage")) {
            AdminClient.Reply refused = api.send("POST", "/api/v1/clusters", CHANGING_BODIES.get("POST /api/v1/clusters"), Map.of("Authorization", "Bearer " + token));
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).startsWith("authentication failed");
        }
        assertThat(storeState()).isEqualTo(storeBefore);
    }

    @Test
    void wrongPasswordsAreRefusedAndTheTrustedUserHeaderIsIgnored()
    {
        AdminClient.Reply wrong = api.send("GET", "/api/v1/clusters", null, Map.of("Authorization", basic("olga", "guess")));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).contains("invalid user name or password");
        AdminClient.Reply spoofed = api.send("GET", "/api/v1/clusters", null, Map.of("X-Junction-User", "root"));
        assertThat(spoofed.status()).isEqualTo(401);

        Map<String, String> headers = new LinkedHashMap<>(Caller.OPERATOR.headers());
        headers.put("X-Junction-User", "root");
        assertThat(api.send("PUT", "/api/v1/clusters/seeded/state", "{\"state\": \"ACTIVE\"}", headers).status()).isEqualTo(200);
        AdminClient.Reply audit = api.send("GET", "/api/v1/audit?entityName=seeded", null, Caller.ADMIN.headers());
        assertThat(audit.json().get("entries").get(0).get("actor").asText()).as("the audit log names the authenticated user").startsWith("olga@");
    }

    @Test
    void metricsNeedTheViewerRoleUnlessConfiguredPublic()
    {
        assertThat(api.send("GET", "/metrics", null, Map.of()).status()).isEqualTo(401);
        assertThat(api.send("GET", "/metrics", null, Caller.NO_ROLE.headers()).status()).isEqualTo(403);
        AdminClient.Reply scraped = api.send("GET", "/metrics", null, Caller.VIEWER.headers());
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("junction_");

        try (TestingJunction open = TestingJunction.builder()
                .file("password.db", "root:" + bcrypt("root-password") + "\n")
                .property("security.password-file", "password.db")
                .property("security.metrics-access", "public")
                .build()) {
            AdminClient openApi = new AdminClient(open.adminUri());
            assertThat(openApi.send("GET", "/metrics", null, Map.of()).status()).isEqualTo(200);
            assertThat(openApi.send("GET", "/api/v1/clusters", null, Map.of()).status()).as("only the metrics are public").isEqualTo(401);
        }
    }

    private static String concrete(ApiRoutes.Route route)
    {
        return route.path().replace("{name}", "seeded").replace("{entityType}", "GATEWAY_BACKEND").replace("{version}", "1")
                .replace("{queryId}", "20261128_120000_00001_abcde");
    }

    private static String storeState()
    {
        JsonNode clusters = api.send("GET", "/api/v1/clusters", null, Caller.ADMIN.headers()).json();
        // this node's live view (health, in-flight queries) is not stored state
        clusters.forEach(cluster -> ((com.fasterxml.jackson.databind.node.ObjectNode) cluster).remove("live"));
        return clusters.toString()
                + api.send("GET", "/api/v1/groups", null, Caller.ADMIN.headers()).json().toString()
                + api.send("GET", "/api/v1/audit?limit=500", null, Caller.ADMIN.headers()).json().get("entries").size();
    }
}
