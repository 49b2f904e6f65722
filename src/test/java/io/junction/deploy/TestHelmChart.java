package io.junction.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterSeedFile;
import io.junction.config.PropertyDescription;
import io.junction.server.ConfigurationReference;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart in {@code deploy/helm/junction}, rendered by Go's own text/template engine
 * (compiled to WebAssembly, from npm: the chart uses only Go's built-ins, which Helm runs
 * the same way), parsed as Kubernetes objects, and checked field by field. The rendered
 * {@code etc/} files are checked against Junction's own configuration reference and seed-file reader.
 */
class TestHelmChart
{
    private static final Path PROJECT = Path.of(System.getProperty("junction.project.dir", "."));
    private static final Path CHART = PROJECT.resolve("deploy/helm/junction");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsWithClustersMonitoringAndTracing()
            throws Exception
    {
        Map<String, List<JsonNode>> objects = render("""
                routeTokenSecret: s3cret-token
                postgresql:
                  url: jdbc:postgresql://db.example:5432/junction
                  password: pw
                clusters:
                  - name: trino-1
                    uri: http://trino-1:8080
                    routingGroup: adhoc
                  - name: trino-2
                    uri: http://trino-2:8080
                    routingGroup: etl
                config:
                  routing.default-group: adhoc
                  health.check-interval: 2s
                serviceMonitor:
                  enabled: true
                tracing:
                  enabled: true
                """);

        JsonNode deployment = only(objects, "Deployment");
        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("prod-junction");
        assertThat(deployment.at("/spec/replicas").isMissingNode()).as("the HPA owns the replica count").isTrue();
        JsonNode pod = deployment.at("/spec/template");
        assertThat(pod.at("/metadata/labels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        JsonNode container = pod.at("/spec/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("junction:0.1.0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/ports/1/containerPort").asInt()).isEqualTo(8081);
        assertThat(container.at("/env/0/valueFrom/secretKeyRef/name").asText()).isEqualTo("prod-junction");
        assertThat(container.at("/env/1/valueFrom/secretKeyRef/key").asText()).isEqualTo("store-password");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/opt/junction/etc");
        assertThat(pod.at("/spec/volumes/0/configMap/name").asText()).isEqualTo("prod-junction");

        JsonNode configMap = only(objects, "ConfigMap");
        Properties config = new Properties();
        config.load(new StringReader(configMap.at("/data/config.properties").asText()));
        Set<String> known = ConfigurationReference.properties().stream().map(PropertyDescription::key).collect(Collectors.toSet());
        assertThat(config.stringPropertyNames()).as("every rendered property is one Junction knows").isSubsetOf(known);
        assertThat(config.getProperty("store.url")).isEqualTo("jdbc:postgresql://db.example:5432/junction");
        assertThat(config.getProperty("store.password")).isEqualTo("${ENV:JUNCTION_STORE_PASSWORD}");
        assertThat(config.getProperty("proxy.route-token.secret")).isEqualTo("${ENV:JUNCTION_ROUTE_TOKEN_SECRET}");
        assertThat(config.getProperty("admin.http.host")).as("no authentication configured: the admin listener stays in the pod").isEqualTo("127.0.0.1");
        assertThat(config.getProperty("admin.http.allow-insecure-unauthenticated")).isNull();
        assertThat(config.getProperty("routing.default-group")).isEqualTo("adhoc");
        assertThat(config.getProperty("health.check-interval")).isEqualTo("2s");
        assertThat(config.getProperty("tracing.enabled")).isEqualTo("true");
        assertThat(config.getProperty("log.format")).isEqualTo("json");
        assertThat(configMap.at("/data/log.properties").asText()).isEqualTo("io.junction=INFO\n");
        assertThat(configMap.at("/data/jvm.config").asText()).contains("-XX:MaxRAMPercentage=75");
        Path seed = Files.createTempFile("clusters", ".yaml");
        Files.writeString(seed, configMap.at("/data/clusters.yaml").asText());
        assertThat(ClusterSeedFile.load(seed)).extracting(ClusterDefinition::name, definition -> definition.uri().toString(), ClusterDefinition::routingGroup)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("trino-1", "http://trino-1:8080", "adhoc"),
                        org.assertj.core.groups.Tuple.tuple("trino-2", "http://trino-2:8080", "etl"));

        JsonNode secret = only(objects, "Secret");
        assertThat(secret.at("/stringData/route-token-secret").asText()).isEqualTo("s3cret-token");
        assertThat(secret.at("/stringData/store-password").asText()).isEqualTo("pw");

        List<JsonNode> services = objects.get("Service");
        assertThat(services).extracting(service -> service.at("/metadata/name").asText()).containsExactly("prod-junction", "prod-junction-admin");
        assertThat(services.get(0).at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(services.get(1).at("/spec/ports/0/port").asInt()).isEqualTo(8081);

        JsonNode monitor = only(objects, "ServiceMonitor");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("admin");
        assertThat(monitor.at("/spec/selector/matchLabels")).isEqualTo(services.get(1).at("/metadata/labels"));

        JsonNode hpa = only(objects, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("prod-junction");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);

        JsonNode budget = only(objects, "PodDisruptionBudget");
        assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(pod.at("/metadata/labels"));
    }

    @Test
    void fixedReplicasWithAnExistingSecretAndNoOptionalObjects()
            throws Exception
    {
        Map<String, List<JsonNode>> objects = render("""
                replicaCount: 3
                existingSecret: junction-credentials
                autoscaling:
                  enabled: false
                podDisruptionBudget:
                  enabled: false
                """);
        assertThat(objects.keySet()).containsExactlyInAnyOrder("Deployment", "ConfigMap", "Service");
        JsonNode deployment = only(objects, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name").asText()).isEqualTo("junction-credentials");
        Properties config = new Properties();
        config.load(new StringReader(only(objects, "ConfigMap").at("/data/config.properties").asText()));
        assertThat(config.getProperty("tracing.enabled")).isNull();
        Path seed = Files.createTempFile("clusters", ".yaml");
        Files.writeString(seed, only(objects, "ConfigMap").at("/data/clusters.yaml").asText());
        assertThat(ClusterSeedFile.load(seed)).isEmpty();
    }

    @Test
    void adminListenerLeavesThePodOnlyWithAuthenticationOrTheExplicitOverride()
            throws Exception
    {
        Properties authenticated = configProperties("""
                config:
                  security.jwt.issuer: https://idp.example.com
                  security.jwt.audience: junction
                  security.jwt.jwks-url: https://idp.example.com/jwks
                """);
        assertThat(authenticated.getProperty("admin.http.host")).isEqualTo("0.0.0.0");
        assertThat(authenticated.getProperty("admin.http.allow-insecure-unauthenticated")).isNull();

        Properties insecure = configProperties("""
                admin:
                  allowInsecureUnauthenticated: true
                """);
        assertThat(insecure.getProperty("admin.http.host")).isEqualTo("0.0.0.0");
        assertThat(insecure.getProperty("admin.http.allow-insecure-unauthenticated")).isEqualTo("true");
    }

    private static Properties configProperties(String overrides)
            throws Exception
    {
        Properties config = new Properties();
        config.load(new StringReader(only(render(overrides), "ConfigMap").at("/data/config.properties").asText()));
        return config;
    }

    private static JsonNode only(Map<String, List<JsonNode>> objects, String kind)
    {
        assertThat(objects.get(kind)).as(kind).hasSize(1);
        return objects.get(kind).getFirst();
    }

    /**
     * Renders the chart with values.yaml overridden by {@code overrides}, as {@code helm template prod deploy/helm/junction -f overrides} would.
     */
    private static Map<String, List<JsonNode>> render(String overrides)
            throws Exception
    {
        ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge(values, (ObjectNode) YAML.readTree(overrides));
        JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
        ObjectNode context = JSON.createObjectNode();
        context.set("Values", values);
        context.putObject("Release").put("Name", "prod").put("Namespace", "trino").put("Service", "Helm");
        context.putObject("Chart").put("Name", chart.path("name").asText()).put("Version", chart.path("version").asText()).put("AppVersion", chart.path("appVersion").asText());

        Path renderer = installRenderer();
        // Never inherit the test JVM's stdin or stdout: they are surefire's channel to the JVM.
        Path stderr = renderer.resolve("render.stderr.log");
        Process process = new ProcessBuilder("node", renderer.resolve("render.mjs").toString(), CHART.toString())
                .redirectError(stderr.toFile())
                .start();
        process.getOutputStream().write(JSON.writeValueAsBytes(context));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("rendering the chart failed: %s", Files.readString(stderr)).isZero();
        Map<String, String> files = JSON.readValue(output, new TypeReference<>() {});

        Map<String, List<JsonNode>> objects = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!file.getKey().endsWith(".yaml")) {
                continue;
            }
            for (JsonNode document : YAML.readValues(YAML.createParser(file.getValue()), JsonNode.class).readAll()) {
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    assertThat(document.path("apiVersion").asText()).as(file.getKey()).isNotEmpty();
                    assertThat(document.at("/metadata/name").asText()).as(file.getKey()).isNotEmpty();
                    objects.computeIfAbsent(document.path("kind").asText(), _ -> new ArrayList<>()).add(document);
                }
            }
        }
        return objects;
    }

    private static void merge(ObjectNode target, ObjectNode overrides)
    {
        overrides.properties().forEach(entry -> {
            if (entry.getValue() instanceof ObjectNode child && target.get(entry.getKey()) instanceof ObjectNode existing) {
                merge(existing, child);
            }
            else {
                target.set(entry.getKey(), entry.getValue());
            }
        });
    }

    /**
     * The renderer with its npm package, installed once into target/ from the committed lock file.
     */
    private static synchronized Path installRenderer()
            throws IOException, InterruptedException
    {
        Path source = PROJECT.resolve("deploy/helm/test");
        Path directory = PROJECT.resolve("target/helm-render");
        Files.createDirectories(directory);
        for (String file : List.of("package.json", "package-lock.json", "render.mjs")) {
            Files.copy(source.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(directory.resolve("node_modules/@evertdespiegeleer/go-template"))) {
            Path log = directory.resolve("npm-ci.log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(npm.exitValue()).as("npm ci in %s: %s", directory, Files.readString(log)).isZero();
        }
        return directory;
    }
}
