package io.junction.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterSnapshot;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Finds the cluster of a query from its id alone, for requests that carry no route token
 * ({@code /v1/query/{id}}, UI links, {@code kill_query}): first this node's cache of
 * queries it has seen, then the coordinator-id suffix of the id learned per cluster, then
 * a parallel probe of {@code GET /v1/query/{id}} on every reachable cluster under one deadline.
 * <p>
 * Thread-safe. The probe is asynchronous; nothing here blocks the request path.
 */
public final class QueryAffinity
{
    private static final int MAX_COORDINATOR_IDS = 10_000;
    private static final int MAX_PROBED_CLUSTERS = 64;

    private final ClusterRegistry registry;
    private final HttpClient httpClient;
    private final ProxyConfig config;
    private final Cache<String, String> clusterByQuery;
    private final Map<String, String> clusterByCoordinatorId = new ConcurrentHashMap<>();

    public QueryAffinity(ClusterRegistry registry, HttpClient httpClient, ProxyConfig config, Ticker ticker)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.config = requireNonNull(config, "config is null");
        this.clusterByQuery = Caffeine.newBuilder()
                .maximumSize(config.affinityCacheSize())
                .expireAfterAccess(java.time.Duration.ofDays(1))
                .ticker(ticker)
                .build();
    }

    /**
     * Remembers that {@code queryId} runs on {@code clusterName}, and learns the coordinator id.
     */
    public void remember(String queryId, String clusterName)
    {
        if (clusterByQuery.getIfPresent(queryId) != null) {
            return;
        }
        clusterByQuery.put(queryId, clusterName);
        String coordinatorId = coordinatorId(queryId);
        if (!clusterName.equals(clusterByCoordinatorId.get(coordinatorId))) {
            if (clusterByCoordinatorId.size() >= MAX_COORDINATOR_IDS) {
                clusterByCoordinatorId.clear();
            }
            clusterByCoordinatorId.put(coordinatorId, clusterName);
        }
    }

    /**
     * @param credentials the request's headers; {@code Authorization} and the user headers are
     *        sent with the probe, since {@code /v1/query/{id}} is authenticated
     */
    public CompletableFuture<Optional<Cluster>> locate(String queryId, HttpFields credentials)
    {
        ClusterSnapshot snapshot = registry.snapshot();
        String known = clusterByQuery.getIfPresent(queryId);
        if (known != null && snapshot.find(known).isPresent()) {
            return CompletableFuture.completedFuture(snapshot.find(known));
        }
        String byCoordinator = clusterByCoordinatorId.get(coordinatorId(queryId));
        if (byCoordinator != null && snapshot.find(byCoordinator).isPresent()) {
            return CompletableFuture.completedFuture(snapshot.find(byCoordinator));
        }
        return probe(queryId, snapshot, credentials);
    }

    private CompletableFuture<Optional<Cluster>> probe(String queryId, ClusterSnapshot snapshot, HttpFields credentials)
    {
        List<Cluster> candidates = snapshot.clusters().stream()
                .filter(cluster -> !cluster.isUnreachable())
                .limit(MAX_PROBED_CLUSTERS)
                .toList();
        CompletableFuture<Optional<Cluster>> result = new CompletableFuture<>();
        if (candidates.isEmpty()) {
            result.complete(Optional.empty());
            return result;
        }
        AtomicInteger pending = new AtomicInteger(candidates.size());
        for (Cluster cluster : candidates) {
            httpClient.newRequest(cluster.definition().uri().resolve("/v1/query/" + queryId))
                    .method("GET")
                    .timeout(config.affinityProbeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(headers -> copyCredentials(credentials, headers))
                    .send((Result probeResult) -> {
                        if (probeResult.isSucceeded() && probeResult.getResponse().getStatus() == 200) {
                            remember(queryId, cluster.name());
                            result.complete(Optional.of(cluster));
                        }
                        if (pending.decrementAndGet() == 0) {
                            result.complete(Optional.empty());
                        }
                    });
        }
        return result;
    }

    private static void copyCredentials(HttpFields from, HttpFields.Mutable to)
    {
        boolean user = false;
        for (HttpField field : from) {
            String name = field.getLowerCaseName();
            if (field.getHeader() == HttpHeader.AUTHORIZATION || name.equals("x-trino-user") || name.equals("x-trino-original-user")) {
                to.add(field);
                user |= name.equals("x-trino-user");
            }
        }
        if (!user && from.get(HttpHeader.AUTHORIZATION) == null) {
            to.put("X-Trino-User", "junction");
        }
    }

    private static String coordinatorId(String queryId)
    {
        return queryId.substring(queryId.length() - 5);
    }
}
