#!/usr/bin/env bash
# Runs the JMH benchmarks of bench/ (e.g. bench/jmh.sh RoutingDecisionBenchmark); extra arguments go to JMH.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "$@"
