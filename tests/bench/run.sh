#!/usr/bin/env bash
# Platform benchmark: builds PAUZ (tests skipped) unless SKIP_BUILD=1, then measures start-up, RSS,
# and /api/v1/health throughput at 64 loopback connections. Usage: tests/bench/run.sh [seconds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q package -DskipTests
fi
exec java -cp tests/bench/target/classes io.pauz.bench.PlatformBench "$root" "${1:-10}"
