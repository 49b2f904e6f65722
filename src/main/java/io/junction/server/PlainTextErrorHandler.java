package io.junction.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty produces itself (bad requests, headers too large, unhandled paths) as one line
 * of plain text: Trino clients embed the body in their message, and an HTML page there is noise.
 */
final class PlainTextErrorHandler
        extends ErrorHandler
{
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
    {
        String reason = message == null ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(("HTTP " + code + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }
}
