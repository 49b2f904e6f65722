# Junction container image: built from source in the first stage, run as a non-root user on a
# Java 25 runtime in the second. Configuration lives in /opt/junction/etc (mount a ConfigMap
# there, as the Helm chart in deploy/helm/junction does); the embedded H2 store, when used,
# writes to /opt/junction/data.
#
#   docker build -t junction .
#   docker run -p 8080:8080 -v $PWD/etc:/opt/junction/etc junction

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# Dependencies first, so that source changes do not download them again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline || true
COPY src/main/ src/main/
# The AOT cache is made in the runtime stage instead: it must match the runtime's JVM and jar path.
RUN ./mvnw -B -q -Dmaven.test.skip=true -Djunction.aot.skip=true package \
    && mkdir -p /out \
    && cp target/junction-*.jar /out/junction.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 junction \
    && useradd --system --uid 10001 --gid junction --home-dir /opt/junction --shell /usr/sbin/nologin junction \
    && mkdir -p /opt/junction/lib /opt/junction/bin /opt/junction/data /opt/junction/var/log \
    && chown -R junction:junction /opt/junction/data /opt/junction/var
COPY --from=build /out/junction.jar /opt/junction/lib/junction.jar
# Ahead-of-time cache from a training run (see AotTraining): about half the time to ready.
RUN java -XX:AOTCacheOutput=/opt/junction/lib/junction.aot -Xlog:aot=error -cp /opt/junction/lib/junction.jar io.junction.server.AotTraining
COPY bin/junction /opt/junction/bin/junction
COPY deploy/docker/etc/ /opt/junction/etc/
USER 10001:10001
WORKDIR /opt/junction
# 8080: Trino clients and the proxied Trino UI; 8081: admin API, /metrics, console
EXPOSE 8080 8081
ENTRYPOINT ["/opt/junction/bin/junction", "run", "--etc-dir", "/opt/junction/etc"]
