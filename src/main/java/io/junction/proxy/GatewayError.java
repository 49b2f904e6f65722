package io.junction.proxy;

/**
 * Junction's error vocabulary for the data plane, each with the HTTP status and, where the
 * client should see a query failure instead, the Trino error it is reported as.
 * All mapping from failure to answer happens here and in {@link TrinoReplies}.
 */
public enum GatewayError
{
    /** No cluster of the routing group can take a new query: a failed query, not a retry. */
    NO_HEALTHY_CLUSTER(200, 65541, "NO_NODES_AVAILABLE", "INTERNAL_ERROR"),
    /** A routing rule rejected the query: a failed query with the rule's message. */
    REJECTED_BY_RULE(200, 4, "PERMISSION_DENIED", "USER_ERROR"),
    /** The external routing service answered with errors (propagated): a failed query with its messages. */
    REJECTED_BY_ROUTING_SERVICE(200, 0, "GENERIC_USER_ERROR", "USER_ERROR"),
    /** The external routing service failed and its fallback is to reject: a failed query that says so. */
    ROUTING_SERVICE_FAILED(200, 65536, "GENERIC_INTERNAL_ERROR", "INTERNAL_ERROR"),
    /** The cluster that runs the query is gone; its queries are lost. */
    CLUSTER_UNREACHABLE(200, 65536, "GENERIC_INTERNAL_ERROR", "INTERNAL_ERROR"),
    /** A brief failure to reach a cluster that is believed healthy: the client retries. */
    UPSTREAM_UNAVAILABLE(503, 0, "", ""),
    /** The cluster accepted the request but did not answer within the deadline. */
    UPSTREAM_TIMEOUT(504, 0, "", ""),
    /** The route token in the path is malformed, forged, or names a cluster that is not configured. */
    UNKNOWN_ROUTE(404, 0, "", ""),
    /** No cluster knows the query id. */
    UNKNOWN_QUERY(404, 0, "", ""),
    /** Client authentication is on and the client sent no valid credentials. */
    UNAUTHENTICATED(401, 0, "", ""),
    /** An authenticated client asked to act as another user (X-Trino-User) outside a submission. */
    FORBIDDEN(403, 0, "", ""),
    /** An authenticated client submitted a query as another user (X-Trino-User): a failed query. */
    USER_MISMATCH(200, 4, "PERMISSION_DENIED", "USER_ERROR"),
    /** Too many failed logins for the user or from the address. */
    TOO_MANY_LOGINS(429, 0, "", ""),
    /** Not a path Junction serves. */
    NOT_FOUND(404, 0, "", ""),
    /** Junction failed; a bug. */
    INTERNAL(500, 0, "", "");

    private final int httpStatus;
    private final int trinoErrorCode;
    private final String trinoErrorName;
    private final String trinoErrorType;

    GatewayError(int httpStatus, int trinoErrorCode, String trinoErrorName, String trinoErrorType)
    {
        this.httpStatus = httpStatus;
        this.trinoErrorCode = trinoErrorCode;
        this.trinoErrorName = trinoErrorName;
        this.trinoErrorType = trinoErrorType;
    }

    public int httpStatus()
    {
        return httpStatus;
    }

    public int trinoErrorCode()
    {
        return trinoErrorCode;
    }

    public String trinoErrorName()
    {
        return trinoErrorName;
    }

    public String trinoErrorType()
    {
        return trinoErrorType;
    }
}
