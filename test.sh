#!/usr/bin/env bash
# The whole test suite: unit tests, integration tests over embedded real services, and browser tests
# in Debian's headless Chromium (installed here when missing and we are root).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian chromium and chromium-driver for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "The browser tests need Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
