#!/usr/bin/env bash
# The PRODUCT.md targets measured on this machine, each beside a limit measured in the same run, three
# runs each (about 15 minutes; not part of ./test.sh, whose BenchmarkSmokeIT runs a tiny version).
# Writes BENCHMARKS.md. Run it alone: other load on the machine shows in the figures.
#   ./bench.sh kpis   the KPI report over 5,000,000 calls instead (its own section of BENCHMARKS.md)
#   ./bench.sh soak   the soak instead: 30 minutes of steady calls, then a 5-minute database outage
#                     (-Dsoak.minutes=, -Dsoak.outage-minutes= to change them); writes BENCHMARKS-soak.md
set -euo pipefail
cd "$(dirname "$0")"
benchmark=PerformanceBenchmark
report=BENCHMARKS.md
if [ "${1:-}" = soak ]; then
    shift
    benchmark=SoakBenchmark
    report=BENCHMARKS-soak.md
elif [ "${1:-}" = kpis ]; then
    # ./bench.sh kpis   the KPI report over 5,000,000 calls (about 15 minutes, most of it loading them); its
    #                   section of BENCHMARKS.md is replaced, the rest kept
    shift
    benchmark=KpiBenchmark
fi
mvn -q -B -DskipTests install
mvn -B verify -pl app -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$benchmark" -Dfailsafe.failIfNoSpecifiedTests=false "$@"
cat "$report"
