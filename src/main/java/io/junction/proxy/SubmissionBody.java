package io.junction.proxy;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The SQL text of a submission, read up to a cap before routing so that it can be inspected
 * and, if a cluster refuses the connection, sent again to another cluster. A body larger
 * than the cap is not read further: what was read is sent first and the rest streams from
 * the client.
 */
final class SubmissionBody
{
    private final byte[] head;
    private final boolean complete;
    private final Request request;

    private SubmissionBody(byte[] head, boolean complete, Request request)
    {
        this.head = requireNonNull(head, "head is null");
        this.complete = complete;
        this.request = requireNonNull(request, "request is null");
    }

    static CompletableFuture<SubmissionBody> read(Request request, int maxBytes)
    {
        CompletableFuture<SubmissionBody> result = new CompletableFuture<>();
        new Reader(request, maxBytes, result).run();
        return result;
    }

    /**
     * The whole SQL text, if the body was within the cap.
     */
    java.util.Optional<String> sql()
    {
        return complete ? java.util.Optional.of(new String(head, StandardCharsets.UTF_8)) : java.util.Optional.empty();
    }

    /**
     * Whether the body can be sent again (it was read whole).
     */
    boolean replayable()
    {
        return complete;
    }

    /**
     * A fresh body for one attempt to send the submission to a cluster.
     */
    org.eclipse.jetty.client.Request.Content content(String contentType)
    {
        return new HeadThenRest(ByteBuffer.wrap(head), complete ? null : request, contentType, complete ? head.length : -1);
    }

    private static final class Reader
            implements Runnable
    {
        private final Request request;
        private final int maxBytes;
        private final CompletableFuture<SubmissionBody> result;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private Reader(Request request, int maxBytes, CompletableFuture<SubmissionBody> result)
        {
            this.request = request;
            this.maxBytes = maxBytes;
            this.result = result;
        }

        @Override
        public void run()
        {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    result.completeExceptionally(chunk.getFailure());
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                bytes.writeBytes(copy);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    result.complete(new SubmissionBody(bytes.toByteArray(), true, request));
                    return;
                }
                if (bytes.size() >= maxBytes) {
                    result.complete(new SubmissionBody(bytes.toByteArray(), false, request));
                    return;
                }
            }
        }
    }

    /**
     * Request content: the bytes already read, then (if any) the rest of the client's body.
     */
    private static final class HeadThenRest
            implements org.eclipse.jetty.client.Request.Content
    {
        private final String contentType;
        private final long length;
        private final Request rest;
        private ByteBuffer head;

        private HeadThenRest(ByteBuffer head, Request rest, String contentType, long length)
        {
            this.head = head;
            this.rest = rest;
            this.contentType = contentType;
            this.length = length;
        }

        @Override
        public String getContentType()
        {
            return contentType;
        }

        @Override
        public long getLength()
        {
            return length;
        }

        @Override
        public Content.Chunk read()
        {
            if (head != null) {
                ByteBuffer bytes = head;
                head = null;
                return Content.Chunk.from(bytes, rest == null);
            }
            if (rest == null) {
                return Content.Chunk.EOF;
            }
            return rest.read();
        }

        @Override
        public void demand(Runnable demandCallback)
        {
            if (head != null || rest == null) {
                demandCallback.run();
                return;
            }
            rest.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure)
        {
            if (rest != null) {
                rest.fail(failure);
            }
        }

        @Override
        public boolean rewind()
        {
            return false;
        }
    }
}
