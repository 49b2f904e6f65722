package io.junction.bench;

/** What one load-generator run measures; see {@code docs/performance.md}. */
public enum BenchMode
{
    /** {@code POST /v1/statement} and its first follow-up; then the query is cancelled. */
    SUBMIT,
    /** Follow-up polls of long-lived queries with small pages. */
    POLL,
    /** One large result in big pages: MB/s. */
    STREAM,
    /** Many in-flight queries, each poll held by the backend (a long poll); the proxy's footprint. */
    CONCURRENCY,
    /** A sustained mix of short queries; the proxy's heap after GC over time. */
    SOAK,
}
