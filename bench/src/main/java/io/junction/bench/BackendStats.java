package io.junction.bench;

/**
 * Counters of the fake backend since it started: what actually reached it, to check that a proxy
 * passed every request on.
 */
public record BackendStats(
        long submitted,
        long queuedPolls,
        long executingPolls,
        long dataPages,
        long rowBytes,
        long finished,
        long cancelled,
        long abandoned,
        long rejected,
        long active)
{
    String toJson()
    {
        return """
                {"submitted":%d,"queuedPolls":%d,"executingPolls":%d,"dataPages":%d,"rowBytes":%d,"finished":%d,"cancelled":%d,\
                "abandoned":%d,"rejected":%d,"active":%d}""".formatted(submitted, queuedPolls, executingPolls, dataPages, rowBytes,
                finished, cancelled, abandoned, rejected, active);
    }
}
