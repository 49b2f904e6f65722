package io.junction.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /metrics}, parsed into series ({@code name{labels}} as written) and values.
 */
public record MetricsScrape(String contentType, Map<String, Double> series)
{
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public static MetricsScrape of(URI adminUri)
    {
        return of(adminUri, "text/plain");
    }

    public static MetricsScrape of(URI adminUri, String accept)
    {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(adminUri.resolve("/metrics")).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
            }
            Map<String, Double> series = new LinkedHashMap<>();
            for (String line : response.body().split("\n")) {
                Matcher matcher = SAMPLE.matcher(line);
                if (!line.startsWith("#") && matcher.find()) {
                    series.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
                }
            }
            return new MetricsScrape(response.headers().firstValue("Content-Type").orElse(""), series);
        }
        catch (IOException e) {
            throw new IllegalStateException("scraping " + adminUri + " failed", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of the series with this name and exactly these labels (in the order Prometheus writes them: sorted).
     */
    public double value(String name, String... labels)
    {
        return find(name, labels).orElseThrow(() -> new AssertionError("no series " + key(name, labels) + " in the scrape; series of that name: "
                + series.keySet().stream().filter(key -> key.startsWith(name)).toList()));
    }

    public OptionalDouble find(String name, String... labels)
    {
        Double value = series.get(key(name, labels));
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /**
     * Whether any series has this metric name (any labels).
     */
    public boolean hasMetric(String name)
    {
        return series.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
    }

    private static String key(String name, String... labels)
    {
        if (labels.length == 0) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                key.append(',');
            }
            key.append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
        }
        return key.append('}').toString();
    }
}
