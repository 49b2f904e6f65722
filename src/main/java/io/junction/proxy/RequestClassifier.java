package io.junction.proxy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Classifies a request by method and path into a {@link ProxyTarget}. Pure and thread-safe.
 */
public final class RequestClassifier
{
    /** Trino query id: {@code YYYYMMdd_HHmmss_NNNNN_ccccc}. */
    public static final Pattern QUERY_ID = Pattern.compile("\\d{8}_\\d{6}_\\d{5}_[a-z0-9]{5}");

    private static final Pattern STATEMENT_PATH = Pattern.compile(
            "/v1/statement/(?:queued|executing)/(?:partialCancel/)?(" + QUERY_ID.pattern() + ")(?:/.*)?");
    private static final Pattern QUERY_PATH = Pattern.compile("/v1/query/(" + QUERY_ID.pattern() + ")(?:/.*)?");
    private static final Pattern UI_API_QUERY_PATH = Pattern.compile("/ui/(?:api|preview/api)/query/(" + QUERY_ID.pattern() + ")(?:/.*)?");
    private static final Pattern UI_QUERY_PAGE = Pattern.compile("/ui/(?:query\\.html|preview/.*)");
    private static final Pattern QUERY_ID_QUERY_STRING = Pattern.compile("(?:^|[&=])(" + QUERY_ID.pattern() + ")(?:$|&)");

    private static final List<String> CLUSTER_WIDE_PREFIXES = List.of(
            "/v1/statement", "/v1/query", "/v1/spooled/", "/v1/info", "/v1/status", "/v1/node", "/ui", "/oauth2/");

    private final List<String> extraPaths;

    public RequestClassifier(List<String> extraPaths)
    {
        this.extraPaths = List.copyOf(requireNonNull(extraPaths, "extraPaths is null"));
    }

    public ProxyTarget classify(String method, String path, String query)
    {
        if (path.startsWith(RouteTokenCodec.PREFIX)) {
            int end = path.indexOf('/', RouteTokenCodec.PREFIX.length());
            if (end < 0) {
                return new ProxyTarget.Tokened(path.substring(RouteTokenCodec.PREFIX.length()), "/", Optional.empty());
            }
            String token = path.substring(RouteTokenCodec.PREFIX.length(), end);
            String rest = path.substring(end);
            return new ProxyTarget.Tokened(token, rest, queryIdOf(rest, query));
        }
        if (path.equals("/v1/statement") && method.equals("POST")) {
            return new ProxyTarget.Submission();
        }
        Optional<String> queryId = queryIdOf(path, query);
        if (queryId.isPresent()) {
            return new ProxyTarget.QueryScoped(queryId.get());
        }
        if (isProxiedPath(path)) {
            return new ProxyTarget.ClusterWide();
        }
        return new ProxyTarget.NotProxied();
    }

    /**
     * The query id a Trino path refers to, if any.
     */
    public static Optional<String> queryIdOf(String path, String query)
    {
        for (Pattern pattern : List.of(STATEMENT_PATH, QUERY_PATH, UI_API_QUERY_PATH)) {
            Matcher matcher = pattern.matcher(path);
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        if (query != null && UI_QUERY_PAGE.matcher(path).matches()) {
            Matcher matcher = QUERY_ID_QUERY_STRING.matcher(query);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * True for statement follow-up paths ({@code /v1/statement/queued|executing/...}), whose
     * replies are {@code QueryResults} documents.
     */
    public static boolean isStatementFollowUp(String path)
    {
        return path.startsWith("/v1/statement/queued/") || (path.startsWith("/v1/statement/executing/") && !path.startsWith("/v1/statement/executing/partialCancel/"));
    }

    private boolean isProxiedPath(String path)
    {
        for (String prefix : CLUSTER_WIDE_PREFIXES) {
            if (matchesPrefix(path, prefix)) {
                return true;
            }
        }
        for (String prefix : extraPaths) {
            if (matchesPrefix(path, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesPrefix(String path, String prefix)
    {
        if (prefix.endsWith("/")) {
            return path.startsWith(prefix);
        }
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
