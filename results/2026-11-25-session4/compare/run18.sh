#!/usr/bin/env bash
# compute-sanitizer over the express test and two small runtime tests (current scheduler).
set -u
O="$OUT/r"; mkdir -p "$O"
export GROSR_CACHE_DIR=/tmp/gc GROSR_LINEINFO=1
RT=$(ls .gpu/tests/runtime_gpu-*)
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
for tool in racecheck memcheck; do
  timeout 85 "$CS" --tool $tool --report-api-errors no $RT express_submissions failing_task fib_spawn --include-ignored --test-threads=1 > "$O/sanitizer-runtime-$tool.log" 2>&1; echo "$tool rc=$?" | tee -a "$O/rc.txt"
done
