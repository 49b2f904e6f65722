package io.junction.proxy;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import static java.util.Objects.requireNonNull;

/**
 * The client's request body as the body of the request to the cluster, streamed chunk by
 * chunk as the cluster's connection demands it.
 */
final class ClientRequestContent
        implements org.eclipse.jetty.client.Request.Content
{
    private final Request request;

    ClientRequestContent(Request request)
    {
        this.request = requireNonNull(request, "request is null");
    }

    @Override
    public long getLength()
    {
        return request.getLength();
    }

    @Override
    public Content.Chunk read()
    {
        return request.read();
    }

    @Override
    public void demand(Runnable demandCallback)
    {
        request.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure)
    {
        request.fail(failure);
    }

    @Override
    public String getContentType()
    {
        return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    }

    @Override
    public boolean rewind()
    {
        return request.rewind();
    }
}
