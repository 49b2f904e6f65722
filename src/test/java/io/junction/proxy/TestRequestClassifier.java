package io.junction.proxy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestRequestClassifier
{
    private static final String ID = "20261128_132739_00006_pcmpq";
    private final RequestClassifier classifier = new RequestClassifier(List.of("/v1/jmx", "/custom/"));

    @Test
    void classifiesSubmissions()
    {
        assertThat(classifier.classify("POST", "/v1/statement", null)).isInstanceOf(ProxyTarget.Submission.class);
        assertThat(classifier.classify("GET", "/v1/statement", null)).isInstanceOf(ProxyTarget.ClusterWide.class);
    }

    @Test
    void classifiesTokenedPathsAndFindsTheirQueryId()
    {
        ProxyTarget target = classifier.classify("GET", "/j/abc.def/v1/statement/executing/" + ID + "/y123/1", null);
        assertThat(target).isEqualTo(new ProxyTarget.Tokened("abc.def", "/v1/statement/executing/" + ID + "/y123/1", Optional.of(ID)));
        assertThat(classifier.classify("DELETE", "/j/t.k/v1/statement/executing/partialCancel/" + ID + "/0/y1/2", null))
                .isEqualTo(new ProxyTarget.Tokened("t.k", "/v1/statement/executing/partialCancel/" + ID + "/0/y1/2", Optional.of(ID)));
        assertThat(classifier.classify("GET", "/j/t.k/ui/query.html", ID))
                .isEqualTo(new ProxyTarget.Tokened("t.k", "/ui/query.html", Optional.of(ID)));
        assertThat(classifier.classify("GET", "/j/t.k/v1/spooled/download/abc", null))
                .isEqualTo(new ProxyTarget.Tokened("t.k", "/v1/spooled/download/abc", Optional.empty()));
    }

    @Test
    void classifiesEveryShapeOfQueryScopedPath()
    {
        for (String path : List.of(
                "/v1/query/" + ID,
                "/v1/query/" + ID + "/killed",
                "/v1/statement/queued/" + ID + "/y1/1",
                "/v1/statement/executing/" + ID + "/y1/1",
                "/v1/statement/executing/partialCancel/" + ID + "/3/y1/1",
                "/ui/api/query/" + ID,
                "/ui/api/query/" + ID + "/killed")) {
            assertThat(classifier.classify("GET", path, null)).as(path).isEqualTo(new ProxyTarget.QueryScoped(ID));
        }
        assertThat(classifier.classify("GET", "/ui/query.html", ID)).isEqualTo(new ProxyTarget.QueryScoped(ID));
    }

    @Test
    void classifiesClusterWidePaths()
    {
        for (String path : List.of("/v1/info", "/v1/info/state", "/v1/status", "/v1/node", "/v1/query", "/ui", "/ui/", "/ui/api/stats",
                "/oauth2/token/initiate/abc", "/v1/spooled/download/xyz", "/v1/jmx", "/v1/jmx/mbean/x", "/custom/anything")) {
            assertThat(classifier.classify("GET", path, null)).as(path).isInstanceOf(ProxyTarget.ClusterWide.class);
        }
    }

    @Test
    void leavesEverythingElseAlone()
    {
        for (String path : List.of("/", "/health/ready", "/api/v1/clusters", "/v1/infox", "/v1/jmxfoo", "/uix", "/custom", "/metrics")) {
            assertThat(classifier.classify("GET", path, null)).as(path).isInstanceOf(ProxyTarget.NotProxied.class);
        }
    }

    @Test
    void findsKillQueryTargetsInSql()
    {
        assertThat(ProxyHandler.killQueryTarget("CALL system.runtime.kill_query(query_id => '" + ID + "', message => 'x')")).contains(ID);
        assertThat(ProxyHandler.killQueryTarget("call system.runtime.KILL_QUERY('" + ID + "')")).contains(ID);
        assertThat(ProxyHandler.killQueryTarget("SELECT 'kill_query'")).isEmpty();
    }
}
