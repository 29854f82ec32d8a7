#!/usr/bin/env bash
# Quick start: builds the CRM's quick-start jar if needed (the production jar plus the dev-services module),
# then runs it on embedded PostgreSQL, Redis and S3 store (data under ./data) with the demo users and the
# PBX simulator. Extra arguments are Spring properties, e.g. --server.port=9090.
set -euo pipefail
cd "$(dirname "$0")"

jar=app/target/crm-quickstart.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building the CRM (first time: a few minutes while Maven downloads)..."
  mvn -q -B -DskipTests -Pquickstart install
fi

exec java -jar "$jar" --crm.demo.enabled=true --crm.demo.history-days=90 --crm.simulator.enabled=true "$@"
