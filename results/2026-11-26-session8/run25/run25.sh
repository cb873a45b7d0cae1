#!/usr/bin/env bash
# Session 8 run25: compute-sanitizer memcheck and racecheck over small runtime GPU tests (HEAD), the express path included.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
echo "CS=$CS" > $R/cs.txt
rt=$(ls tests/runtime_gpu-* | head -1)
export GROSR_LINEINFO=1
for tool in memcheck racecheck; do
  timeout 260 "$CS" --tool "$tool" --report-api-errors no "$rt" fib_spawn random_dags warp_and_block failing_task waits_work express_submissions \
      --include-ignored --test-threads=1 > $R/sanitizer-$tool.log 2>&1; echo "$tool rc=$?" >> $R/rc.txt
done
