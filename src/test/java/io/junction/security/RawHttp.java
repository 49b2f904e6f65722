package io.junction.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends bytes exactly as given, for requests no well-behaved client would send, and reads
 * the status line of the answer.
 */
final class RawHttp
{
    private RawHttp() {}

    static int status(URI server, byte[] request)
    {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            }
            catch (IOException e) {
                // the server may answer (e.g. 431) and close before the whole request is written
            }
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int next;
            while ((next = in.read()) != -1 && next != '\n') {
                line.append((char) next);
            }
            String[] parts = line.toString().split(" ");
            if (parts.length < 2) {
                throw new IllegalStateException("no HTTP answer: '" + line + "'");
            }
            return Integer.parseInt(parts[1]);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int get(URI server, String target, String... headerLines)
    {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + server.getAuthority() + "\r\nConnection: close\r\n");
        for (String header : headerLines) {
            request.append(header).append("\r\n");
        }
        request.append("\r\n");
        return status(server, request.toString().getBytes(StandardCharsets.UTF_8));
    }
}
