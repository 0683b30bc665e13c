#!/usr/bin/env bash
# The reliability suite, one command: faults, attacks and load against pauz.jar on 127.0.0.1, side by side with a
# bare Jetty 12 servlet and Apache Karaf 4.4 (from Maven Central). Prints one table; writes
# tests/reliability/target/reliability.json (and reliability.md). Bounded: about 12-15 minutes on 2 cores.
#
#   tests/reliability/run.sh [seconds per load figure, default 10]
#
# SKIP_BUILD=1 skips the build; SKIP_ITS=1 skips the attack/fault tests of tests/itest (SecurityE2EIT with a
# 20 s fuzz per parser, DurabilityE2EIT, DurabilityExportCrashE2EIT, JournalCrashE2EIT). The full-disk phase
# loop-mounts a small ext4 image when run as root (else the bucket quota stands in for the disk).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
karaf_version=4.4.10
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  # install, not package: the attack tests below run as a module of their own (-pl tests/itest) and resolve the
  # PAUZ artifacts from the local repository (a fresh clone has none there yet).
  mvn -B -q install -DskipTests
fi
target=tests/reliability/target
if [ ! -f "$target/classpath.txt" ] || [ ! -f runtime/target/pauz.jar ]; then
  echo "run.sh: nothing built yet (runtime/target/pauz.jar, $target/classpath.txt); run without SKIP_BUILD=1" >&2
  exit 2
fi
# -N: once, in the root project (the goal is not an aggregator; without it every module would run it).
mvn -B -q -N dependency:copy -Dartifact=org.apache.karaf:apache-karaf:${karaf_version}:tar.gz \
  -DoutputDirectory="$target" -Dmdep.overWriteReleases=false
rm -rf "$target/work" && mkdir -p "$target/work"
cp runtime/target/pauz.jar "$target/work/pauz.jar" # a copy: a rebuild meanwhile does not change what is measured
if [ "${SKIP_ITS:-0}" != "1" ]; then
  rm -f tests/itest/target/failsafe-reports/TEST-io.pauz.itest.{SecurityE2EIT,DurabilityE2EIT,DurabilityExportCrashE2EIT,JournalCrashE2EIT}.xml
  mvn -B -q verify -pl tests/itest -Dit.test=SecurityE2EIT,DurabilityE2EIT,DurabilityExportCrashE2EIT,JournalCrashE2EIT \
    -Dsecurity.fuzz.seconds=20 -Dsecurity.fuzz.max=1000000 -Dpauz.jar="$root/$target/work/pauz.jar" -Dfailsafe.failIfNoSpecifiedTests=false || true
fi
cp="$target/classes:$(cat $target/classpath.txt)"
exec java -cp "$cp" io.pauz.reliability.ReliabilitySuite "$root" "$target/work/pauz.jar" "$target/work" \
  "$target/apache-karaf-${karaf_version}.tar.gz" "$cp" "${1:-10}"
