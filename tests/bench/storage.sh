#!/usr/bin/env bash
# SmartStorage benchmarks: SmartBucket (fs) puts/gets of 4 KiB and 1 MiB, SmartSQL inserts/selects on
# Derby through MyBatis, SmartMemory (Infinispan) get/put. Each prints a table and writes JSON to its
# module's target/ folder. Bounded: about a minute in all.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
run() { # module main-class
  mvn -B -q -f "bundles/$1/pom.xml" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
  (cd "bundles/$1" && java -cp "$root/bundles/$1/target/test-classes:$root/bundles/$1/target/classes:$(cat target/bench.cp)" "$2")
  echo
}
run bucket-local io.pauz.bucket.local.internal.BucketBench
run sql io.pauz.sql.internal.SqlBench
run memory-infinispan io.pauz.memory.infinispan.internal.MemoryBenchmark
echo "JSON: bundles/bucket-local/target/bench-bucket.json bundles/sql/target/bench-sql.json bundles/memory-infinispan/target/bench-memory.json"
