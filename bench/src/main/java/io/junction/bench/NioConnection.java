package io.junction.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.Objects.requireNonNull;

/**
 * One keep-alive HTTP/1.1 connection of {@link NioHttpClient}, carrying one client's exchanges one
 * after the other. It (re)connects on demand, writes the request, and parses the reply framing:
 * status line, {@code Content-Length}, {@code Transfer-Encoding: chunked}, or a body delimited by
 * the end of the connection. Body bytes go to the {@link ReplyReader} straight from the shared
 * read buffer.
 *
 * <p>Used on the loop thread only.
 */
final class NioConnection
        implements ClientTransport
{
    private enum State
    {
        IDLE, HEADERS, BODY, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS,
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final NioHttpClient client;
    private final byte[] header = new byte[MAX_HEADER_BYTES];
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer pendingWrite;

    private State state = State.IDLE;
    private ReplyReader reader;
    private Completion completion;
    private long deadlineNanos;
    private boolean headRequest;
    private int headerLength;
    private int status;
    private long remaining;
    private boolean closeAfter;
    private long chunkSize;
    private boolean chunkExtension;
    private int lineLength;

    NioConnection(NioHttpClient client)
    {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public void execute(Runnable task)
    {
        client.execute(task);
    }

    @Override
    public void send(String method, String uri, String[] headers, byte[] body, ReplyReader reader, long timeoutMillis, Completion completion)
    {
        String path = client.pathOf(uri);
        if (path == null) {
            completion.failed("uri-not-at-target");
            return;
        }
        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(client.hostHeader()).append("\r\nUser-Agent: junction-bench\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Type: text/plain\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] head = request.append("\r\n").toString().getBytes(ISO_8859_1);
        ByteBuffer bytes = ByteBuffer.allocate(head.length + (body == null ? 0 : body.length)).put(head);
        if (body != null) {
            bytes.put(body);
        }
        this.reader = reader;
        this.completion = completion;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
        this.headRequest = method.equals("HEAD");
        this.headerLength = 0;
        this.state = State.HEADERS;
        pendingWrite = bytes.flip();
        try {
            if (channel == null || !channel.isOpen()) {
                connect();
                return;
            }
            flush();
        }
        catch (IOException e) {
            fail("io-" + e.getClass().getSimpleName());
        }
    }

    void ready(SelectionKey readyKey)
    {
        try {
            if (readyKey.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                flush();
            }
            if (readyKey.isValid() && readyKey.isWritable()) {
                flush();
            }
            if (readyKey.isValid() && readyKey.isReadable()) {
                read();
            }
        }
        catch (IOException e) {
            if (state != State.IDLE) {
                fail("io-" + e.getClass().getSimpleName());
            }
            else {
                closeChannel();
            }
        }
    }

    void checkTimeout(long now)
    {
        if (state != State.IDLE && now - deadlineNanos > 0) {
            fail("io-timeout");
        }
    }

    void closeChannel()
    {
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException e) {
                System.err.println("loadgen: closing a connection: " + e);
            }
            channel = null;
            key = null;
        }
    }

    @Override
    public void close()
    {
        client.execute(this::closeChannel);
    }

    private void connect()
            throws IOException
    {
        channel = client.open();
        if (channel.connect(client.address())) {
            key = channel.register(client.selector(), SelectionKey.OP_READ, this);
            flush();
            return;
        }
        key = channel.register(client.selector(), SelectionKey.OP_CONNECT, this);
    }

    private void flush()
            throws IOException
    {
        if (pendingWrite == null) {
            return;
        }
        ByteBuffer out = client.writeBuffer();
        if (pendingWrite.remaining() <= out.capacity()) {
            out.clear();
            out.put(pendingWrite).flip();
            channel.write(out);
            pendingWrite = out.hasRemaining() ? ByteBuffer.allocate(out.remaining()).put(out).flip() : null;
        }
        else {
            channel.write(pendingWrite);
            if (!pendingWrite.hasRemaining()) {
                pendingWrite = null;
            }
        }
        key.interestOps(pendingWrite == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void read()
            throws IOException
    {
        ByteBuffer in = client.readBuffer();
        while (channel != null) {
            in.clear();
            int read = channel.read(in);
            if (read < 0) {
                closed();
                return;
            }
            if (read == 0) {
                return;
            }
            in.flip();
            if (!parse(in)) {
                return;
            }
            if (read < in.capacity()) {
                return;
            }
        }
    }

    private void closed()
    {
        if (state == State.UNTIL_CLOSE) {
            closeChannel();
            complete();
            return;
        }
        if (state != State.IDLE) {
            fail("io-closed");
            return;
        }
        closeChannel();
    }

    /** Parses what arrived; false when the exchange ended (or failed) and reading should stop. */
    private boolean parse(ByteBuffer in)
    {
        while (in.hasRemaining()) {
            switch (state) {
                case IDLE -> {
                    fail("unexpected-bytes");
                    return false;
                }
                case HEADERS -> {
                    if (!headers(in)) {
                        return state != State.IDLE;
                    }
                }
                case BODY, CHUNK_DATA -> {
                    int length = (int) Math.min(remaining, in.remaining());
                    reader.accept(in, in.position(), length);
                    in.position(in.position() + length);
                    remaining -= length;
                    if (remaining == 0) {
                        if (state == State.CHUNK_DATA) {
                            state = State.CHUNK_DATA_END;
                        }
                        else if (!finish(in)) {
                            return false;
                        }
                    }
                }
                case UNTIL_CLOSE -> {
                    reader.accept(in, in.position(), in.remaining());
                    in.position(in.limit());
                }
                case CHUNK_SIZE -> chunkSize(in.get());
                case CHUNK_DATA_END -> {
                    if (in.get() == '\n') {
                        state = State.CHUNK_SIZE;
                        chunkSize = 0;
                        chunkExtension = false;
                    }
                }
                case TRAILERS -> {
                    byte b = in.get();
                    if (b == '\n') {
                        if (lineLength == 0 && !finish(in)) {
                            return false;
                        }
                        lineLength = 0;
                    }
                    else if (b != '\r') {
                        lineLength++;
                    }
                }
            }
        }
        return state != State.IDLE;
    }

    private void chunkSize(byte b)
    {
        if (b == '\n') {
            if (chunkSize == 0) {
                state = State.TRAILERS;
                lineLength = 0;
                return;
            }
            remaining = chunkSize;
            state = State.CHUNK_DATA;
            return;
        }
        if (b == ';') {
            chunkExtension = true;
        }
        if (chunkExtension || b == '\r' || b == ' ') {
            return;
        }
        chunkSize = chunkSize * 16 + Character.digit(b, 16);
    }

    /** Collects the status line and headers; true when they are complete and the body state is set. */
    private boolean headers(ByteBuffer in)
    {
        while (in.hasRemaining()) {
            if (headerLength == MAX_HEADER_BYTES) {
                fail("headers-too-large");
                return false;
            }
            byte b = in.get();
            header[headerLength++] = b;
            if (b == '\n' && headerLength >= 4 && header[headerLength - 2] == '\r' && header[headerLength - 3] == '\n') {
                return interpretHeaders(in);
            }
        }
        return false;
    }

    private boolean interpretHeaders(ByteBuffer in)
    {
        String text = new String(header, 0, headerLength, ISO_8859_1);
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            fail("bad-status-line");
            return false;
        }
        status = Integer.parseInt(text.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        closeAfter = text.startsWith("HTTP/1.0");
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            }
            else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
            else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        if (headRequest || status / 100 == 1 || status == 204 || status == 304 || contentLength == 0) {
            return finish(in);
        }
        if (chunked) {
            state = State.CHUNK_SIZE;
            chunkSize = 0;
            chunkExtension = false;
        }
        else if (contentLength > 0) {
            state = State.BODY;
            remaining = contentLength;
        }
        else {
            state = State.UNTIL_CLOSE;
            closeAfter = true;
        }
        return true;
    }

    /** The reply is complete; nothing may follow it, since this client never pipelines. */
    private boolean finish(ByteBuffer in)
    {
        if (in.hasRemaining()) {
            fail("unexpected-bytes");
            return false;
        }
        if (closeAfter) {
            closeChannel();
        }
        complete();
        return false;
    }

    private void complete()
    {
        Completion done = completion;
        state = State.IDLE;
        completion = null;
        reader = null;
        done.completed(status);
    }

    private void fail(String reason)
    {
        Completion done = completion;
        state = State.IDLE;
        completion = null;
        reader = null;
        closeChannel();
        if (done != null) {
            done.failed(reason);
        }
    }
}
