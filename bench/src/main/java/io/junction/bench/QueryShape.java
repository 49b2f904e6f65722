package io.junction.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fake query returns: {@code pages} pages of about {@code pageBytes} bytes of row data
 * each, every executing poll answered after {@code delayMillis} (a server-side long poll, like
 * Trino's {@code maxWait}).
 *
 * <p>The load generator picks the shape per query in the SQL text, so one backend serves every
 * benchmark mode: {@code SELECT * FROM TABLE(bench.pages(pages => 1000, page_bytes => 256,
 * delay_ms => 0))}. Arguments that are missing take the backend's defaults.
 */
public record QueryShape(int pages, int pageBytes, int delayMillis)
{
    private static final Pattern ARGUMENT = Pattern.compile("\\b(pages|page_bytes|delay_ms)\\s*=>\\s*(\\d{1,10})");

    public QueryShape
    {
        if (pages < 0 || pageBytes < 0 || delayMillis < 0) {
            throw new IllegalArgumentException("negative query shape: pages=%s page_bytes=%s delay_ms=%s".formatted(pages, pageBytes, delayMillis));
        }
    }

    /** The SQL text that asks the fake backend for this shape. */
    public String toSql()
    {
        return "SELECT * FROM TABLE(bench.pages(pages => %d, page_bytes => %d, delay_ms => %d))".formatted(pages, pageBytes, delayMillis);
    }

    public QueryShape parseOverrides(String sql)
    {
        int parsedPages = pages;
        int parsedPageBytes = pageBytes;
        int parsedDelay = delayMillis;
        Matcher matcher = ARGUMENT.matcher(sql);
        while (matcher.find()) {
            int value = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(matcher.group(2)));
            switch (matcher.group(1)) {
                case "pages" -> parsedPages = value;
                case "page_bytes" -> parsedPageBytes = value;
                case "delay_ms" -> parsedDelay = value;
                default -> throw new IllegalStateException("unexpected argument " + matcher.group(1));
            }
        }
        return new QueryShape(parsedPages, parsedPageBytes, parsedDelay);
    }
}
