#!/usr/bin/env bash
# Notice benchmark (issue 4): N spooled messages crossing a notice step at once.
# Usage: bench/notice_benchmark.sh [N]   (default 10000). Results go to bench/results/notices-*.md
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl integration-tests test -Dtest=NoticeBenchmark -Dbenchmark=true -Dbenchmark.messages="${1:-10000}" \
  -DargLine="-Xmx2g" -Dsurefire.failIfNoSpecifiedTests=false
ls -t bench/results/notices-*.md | head -1 | xargs cat
