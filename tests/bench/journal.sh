#!/usr/bin/env bash
# Free journal benchmark: entry create / list / search throughput at 16 loopback clients, then the offline
# transcription real-time factor. Builds PAUZ (tests skipped) unless SKIP_BUILD=1. Usage: tests/bench/journal.sh [seconds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q package -DskipTests
fi
exec java -cp tests/bench/target/classes io.pauz.bench.JournalBench "$root" "${1:-10}"
