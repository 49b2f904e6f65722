package io.junction.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Serves the web console (the single-page app built from {@code webapp/}) from the classpath
 * under {@code /console/}, on the admin listener.
 * <ul>
 * <li>{@code GET /} and {@code GET /console} redirect to {@code /console/}.</li>
 * <li>Files under {@code assets/} have content hashes in their names (Vite): they are cached
 * for a year as immutable. Every other file, {@code index.html} first, is {@code no-cache}
 * (revalidated with its ETag), so a new Junction version is picked up at the next load.</li>
 * <li>A path without a file extension that names no file is a route of the app (a deep link
 * such as {@code /console/clusters/etl-1}): the answer is {@code index.html}. A missing file
 * with an extension is a 404, so a stale asset never gets HTML instead of JavaScript.</li>
 * <li>Only plain path segments are looked up ({@code [A-Za-z0-9_-]} and inner dots): nothing
 * outside the console's folder of the classpath can be named.</li>
 * </ul>
 * Thread-safe; files are read once and kept (the console is a few hundred kilobytes).
 */
final class ConsoleHandler
        extends Handler.Abstract.NonBlocking
{
    static final String PATH = "/console/";
    static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain;charset=utf-8"));

    private final ClassLoader classLoader;
    private final String resourceFolder;
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    private record Asset(byte[] content, String contentType, String etag) {}

    /**
     * @param resourceFolder the classpath folder that holds {@code index.html} and {@code assets/}
     */
    ConsoleHandler(ClassLoader classLoader, String resourceFolder)
    {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
        this.resourceFolder = requireNonNull(resourceFolder, "resourceFolder is null").replaceAll("/+$", "") + "/";
    }

    static ConsoleHandler fromClasspath()
    {
        return new ConsoleHandler(ConsoleHandler.class.getClassLoader(), "console");
    }

    /**
     * Whether this build contains the console (it is left out when built with {@code -Dconsole.skip}).
     */
    boolean isBuilt()
    {
        return find("index.html").isPresent();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        String path = Request.getPathInContext(request);
        if (path.equals("/") || path.equals("/console")) {
            redirect(request, response, callback);
            return true;
        }
        if (!path.startsWith(PATH)) {
            return false;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            writeText(response, callback, 405, "The console's files are read with GET\n");
            return true;
        }
        String relative = path.substring(PATH.length());
        Optional<Asset> file = relative.isEmpty() ? Optional.empty() : safe(relative).flatMap(this::find);
        if (file.isPresent()) {
            serve(request, response, callback, file.get(), relative.startsWith("assets/") ? IMMUTABLE : "no-cache");
            return true;
        }
        if (!relative.isEmpty() && lastSegment(relative).contains(".")) {
            writeText(response, callback, 404, "Not found: " + path + "\n");
            return true;
        }
        Optional<Asset> index = find("index.html");
        if (index.isEmpty()) {
            writeText(response, callback, 404, "This build of Junction has no console (it was built with -Dconsole.skip)\n");
            return true;
        }
        serve(request, response, callback, index.get(), "no-cache");
        return true;
    }

    private static void redirect(Request request, Response response, Callback callback)
    {
        String query = request.getHttpURI().getQuery();
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, PATH + (query == null ? "" : "?" + query));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, null, callback);
    }

    private static void serve(Request request, Response response, Callback callback, Asset asset, String cacheControl)
    {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "same-origin");
        if (asset.contentType().startsWith("text/html")) {
            response.getHeaders().put("Content-Security-Policy", SECURITY_POLICY);
            response.getHeaders().put("X-Frame-Options", "DENY");
        }
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(asset.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.content().length);
        response.write(true, request.getMethod().equals("HEAD") ? null : ByteBuffer.wrap(asset.content()), callback);
    }

    /**
     * The path if every segment is a plain name, so that nothing outside the console's
     * folder can be named ({@code ..}, hidden files, encoded separators, backslashes).
     */
    static Optional<String> safe(String relative)
    {
        String[] segments = relative.split("/", -1);
        for (String segment : segments) {
            if (!SAFE_SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(relative);
    }

    private Optional<Asset> find(String relative)
    {
        Asset cached = assets.get(relative);
        if (cached != null) {
            return Optional.of(cached);
        }
        URL url = classLoader.getResource(resourceFolder + relative);
        if (url == null) {
            return Optional.empty();
        }
        String type = CONTENT_TYPES.get(extension(relative));
        if (type == null) {
            // also every folder of the console ("assets"): not a file
            return Optional.empty();
        }
        byte[] content;
        try (InputStream input = url.openStream()) {
            content = input.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's " + relative + " from the classpath", e);
        }
        Asset asset = new Asset(content, type, etag(content));
        assets.put(relative, asset);
        return Optional.of(asset);
    }

    private static String extension(String relative)
    {
        String name = lastSegment(relative);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String lastSegment(String relative)
    {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }

    private static String etag(byte[] content)
    {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void writeText(Response response, Callback callback, int status, String text)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
