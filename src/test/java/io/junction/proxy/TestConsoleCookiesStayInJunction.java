package io.junction.proxy;

import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers send a host's cookies to every port, so the console's session cookie (admin
 * listener) also arrives with requests on the proxy port: it must never reach a cluster.
 */
class TestConsoleCookiesStayInJunction
{
    @Test
    void sessionAndLoginCookiesAreRemovedAndOtherCookiesForwarded()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder().cluster("upstream", upstream.uri(), "adhoc").build()) {
            HttpClient client = HttpClient.newHttpClient();
            client.send(HttpRequest.newBuilder(junction.uri().resolve("/ui/api/stats"))
                    .header("Cookie", "Junction-Session=eyJzaWQ.c2ln; Trino-UI-Token=abc; Junction-OIDC-Login=xyz.sig")
                    .build(), HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(junction.uri().resolve("/ui/api/cluster"))
                    .header("Cookie", "Junction-Session=eyJzaWQ.c2ln")
                    .build(), HttpResponse.BodyHandlers.discarding());

            assertThat(upstream.requests("/ui/api/stats").getFirst().headers().getValuesList("Cookie")).containsExactly("Trino-UI-Token=abc");
            assertThat(upstream.requests("/ui/api/cluster").getFirst().headers().getValuesList("Cookie")).isEmpty();
        }
    }
}
