#!/usr/bin/env bash
# The PRODUCT.md targets measured on this machine, each beside a limit measured in the same run, three
# runs each (about 15 minutes; not part of ./test.sh, whose BenchmarkSmokeIT runs a tiny version).
# Writes BENCHMARKS.md. Run it alone: other load on the machine shows in the figures.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests install
mvn -B verify -pl app -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=PerformanceBenchmark -Dfailsafe.failIfNoSpecifiedTests=false "$@"
cat BENCHMARKS.md
