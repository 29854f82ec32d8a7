#!/usr/bin/env bash
# Benchmarks of the PRODUCT.md targets on this machine (minutes; not part of ./test.sh).
# Results: app/target/benchmarks/results.md
set -euo pipefail
cd "$(dirname "$0")"
rm -f app/target/benchmarks/results.md
mvn -q -B -DskipTests install
mvn -B verify -pl app -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PerformanceBenchmark "$@"
cat app/target/benchmarks/results.md
