package io.junction.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.airlift.compress.v3.zstd.ZstdJavaCompressor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * SQL facts of real statements, with X-Trino-Catalog = hive and X-Trino-Schema = web.
 */
class TestSqlFacts
{
    static Stream<Arguments> statements()
    {
        return Stream.of(
                arguments("SELECT * FROM tpch.tiny.nation n JOIN region r ON n.regionkey = r.regionkey",
                        "SELECT", List.of("hive", "tpch"), List.of("hive.web", "tpch.tiny"), List.of("hive.web.region", "tpch.tiny.nation")),
                arguments("""
                        WITH recent AS (SELECT * FROM lake.sales.orders WHERE day > current_date - INTERVAL '7' DAY),
                             top AS (SELECT custkey FROM recent GROUP BY custkey)
                        SELECT * FROM top JOIN customers c USING (custkey)""",
                        "SELECT", List.of("hive", "lake"), List.of("hive.web", "lake.sales"), List.of("hive.web.customers", "lake.sales.orders")),
                arguments("INSERT INTO lake.sales.daily SELECT * FROM staging.daily",
                        "INSERT", List.of("hive", "lake"), List.of("hive.staging", "lake.sales"), List.of("hive.staging.daily", "lake.sales.daily")),
                arguments("CREATE TABLE lake.tmp.copy AS SELECT * FROM clicks",
                        "INSERT", List.of("hive", "lake"), List.of("hive.web", "lake.tmp"), List.of("hive.web.clicks", "lake.tmp.copy")),
                arguments("CREATE TABLE events (id bigint, at timestamp)",
                        "DATA_DEFINITION", List.of("hive"), List.of("hive.web"), List.of("hive.web.events")),
                arguments("DROP TABLE IF EXISTS iceberg.scratch.t1",
                        "DATA_DEFINITION", List.of("iceberg"), List.of("iceberg.scratch"), List.of("iceberg.scratch.t1")),
                arguments("DELETE FROM lake.sales.orders WHERE day < DATE '2020-01-01'",
                        "DELETE", List.of("lake"), List.of("lake.sales"), List.of("lake.sales.orders")),
                arguments("USE iceberg.analytics",
                        "DATA_DEFINITION", List.of("iceberg"), List.of("iceberg.analytics"), List.of()),
                arguments("SHOW TABLES", "DESCRIBE", List.of(), List.of(), List.of()),
                arguments("EXPLAIN SELECT 1", "EXPLAIN", List.of(), List.of(), List.of()),
                arguments("EXECUTE IMMEDIATE 'SELECT * FROM tpch.tiny.orders'",
                        "SELECT", List.of("tpch"), List.of("tpch.tiny"), List.of("tpch.tiny.orders")),
                arguments("SELECT 1;", "SELECT", List.of(), List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("statements")
    void factsOfRealStatements(String sql, String type, List<String> catalogs, List<String> schemas, List<String> tables)
    {
        SqlFacts facts = facts(sql, Map.of());
        assertThat(facts.parsed()).as(facts.error().orElse("")).isTrue();
        assertThat(facts.statementType()).isEqualTo(type);
        assertThat(facts.catalogs()).isEqualTo(catalogs);
        assertThat(facts.schemas()).isEqualTo(schemas);
        assertThat(facts.tables()).isEqualTo(tables);
    }

    @Test
    void executeIsResolvedFromThePreparedStatementHeader()
    {
        String prepared = "INSERT INTO lake.sales.daily SELECT * FROM lake.sales.orders WHERE day = ?";
        SqlFacts facts = facts("EXECUTE load_day USING DATE '2026-11-28'",
                Map.of("X-Trino-Prepared-Statement", "other=SELECT+1,load_day=" + URLEncoder.encode(prepared, StandardCharsets.UTF_8)));
        assertThat(facts.statementType()).isEqualTo("INSERT");
        assertThat(facts.statementClass()).isEqualTo("Insert");
        assertThat(facts.tables()).containsExactly("lake.sales.daily", "lake.sales.orders");
    }

    @Test
    void executeOfAZstdCompressedPreparedStatementIsResolved()
    {
        StringBuilder prepared = new StringBuilder("SELECT count(*) FROM lake.sales.orders o JOIN lake.sales.items i ON o.id = i.order_id WHERE o.id IN (");
        for (int i = 0; i < 2000; i++) {
            prepared.append(i == 0 ? "" : ", ").append(i);
        }
        prepared.append(") AND o.region = ?");
        // Trino's encoding (io.trino.server.protocol.PreparedStatementEncoder): "$zstd:" + base64url(zstd(UTF-8 text)),
        // then URL-encoded by the client like every X-Trino-Prepared-Statement value.
        byte[] text = prepared.toString().getBytes(StandardCharsets.UTF_8);
        ZstdJavaCompressor compressor = new ZstdJavaCompressor();
        byte[] compressed = new byte[compressor.maxCompressedLength(text.length)];
        int length = compressor.compress(text, 0, text.length, compressed, 0, compressed.length);
        String encoded = "$zstd:" + Base64.getUrlEncoder().encodeToString(Arrays.copyOf(compressed, length));
        assertThat(encoded.length()).isLessThan(text.length / 4);

        SqlFacts facts = facts("EXECUTE statement1 USING 'emea'",
                Map.of("X-Trino-Prepared-Statement", "statement1=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8)));
        assertThat(facts.parsed()).as(facts.error().orElse("")).isTrue();
        assertThat(facts.statementType()).isEqualTo("SELECT");
        assertThat(facts.tables()).containsExactly("lake.sales.items", "lake.sales.orders");
    }

    @Test
    void aMalformedCompressedPreparedStatementIsAFact()
    {
        SqlFacts facts = facts("EXECUTE statement1",
                Map.of("X-Trino-Prepared-Statement", "statement1=" + URLEncoder.encode("$zstd:bm90IHpzdGQ=", StandardCharsets.UTF_8)));
        assertThat(facts.parsed()).isFalse();
        assertThat(facts.error()).hasValueSatisfying(error -> assertThat(error).startsWith("cannot decode the compressed prepared statement 'statement1': "));
    }

    @Test
    void executeOfAnUnknownPreparedStatementIsAFact()
    {
        SqlFacts facts = facts("EXECUTE missing", Map.of());
        assertThat(facts.parsed()).isFalse();
        assertThat(facts.error()).contains("EXECUTE of prepared statement 'missing', which X-Trino-Prepared-Statement does not carry");
    }

    @Test
    void unparsableTextIsAFactNotAnError()
    {
        SqlFacts facts = facts("SELEKT * FROM where", Map.of());
        assertThat(facts.parsed()).isFalse();
        assertThat(facts.statementType()).isEqualTo("UNKNOWN");
        assertThat(facts.error()).hasValueSatisfying(error -> assertThat(error).contains("mismatched input 'SELEKT'"));
    }

    @Test
    void aStatementLargerThanTheCapIsNotParsed()
    {
        RoutingRequest request = RoutingRequest.fromHeaders(Map.of(), "127.0.0.1", Optional.empty(), true);
        assertThat(request.statement().facts().error()).hasValueSatisfying(error -> assertThat(error).contains("larger than proxy.max-inspected-statement-size"));
    }

    @Test
    void withoutDefaultsNamesStayAsQualifiedAsWritten()
    {
        SqlFacts facts = RoutingRequest.fromHeaders(Map.of(), "127.0.0.1", Optional.of("SELECT * FROM orders JOIN sales.items USING (id)"), false)
                .statement().facts();
        assertThat(facts.tables()).containsExactly("orders", "sales.items");
        assertThat(facts.catalogs()).isEmpty();
    }

    private static SqlFacts facts(String sql, Map<String, String> extraHeaders)
    {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-Trino-Catalog", "hive", "X-Trino-Schema", "web"));
        headers.putAll(extraHeaders);
        return RoutingRequest.fromHeaders(headers, "127.0.0.1", Optional.of(sql), false).statement().facts();
    }
}
