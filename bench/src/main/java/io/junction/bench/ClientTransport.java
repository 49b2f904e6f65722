package io.junction.bench;

/**
 * How a benchmark client sends its requests: one exchange at a time, each answered by a
 * completion with the status (the body went to the {@link ReplyReader}) or a failure.
 */
interface ClientTransport
        extends AutoCloseable
{
    interface Completion
    {
        void completed(int status);

        void failed(String reason);
    }

    /**
     * Sends {@code method uri}; {@code headers} are name, value pairs; {@code body} may be null.
     * The completion runs on the transport's thread.
     */
    void send(String method, String uri, String[] headers, byte[] body, ReplyReader reader, long timeoutMillis, Completion completion);

    /** Runs {@code task} on the thread that runs this transport's completions. */
    void execute(Runnable task);

    @Override
    void close();
}
