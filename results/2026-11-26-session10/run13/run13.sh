#!/usr/bin/env bash
# Session 10 run13: HEAD (global atomics, express fast path, noinline watch): compute-sanitizer racecheck/memcheck over small runtime tests; every GPU test.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
rt=$(ls tests/runtime_gpu-* | head -1)
export GROSR_LINEINFO=1
for tool in racecheck memcheck; do
  timeout 200 "$CS" --tool "$tool" --report-api-errors no "$rt" fib_spawn random_dags warp_and_block failing_task waits_work express_submissions \
      --include-ignored --test-threads=1 > $R/sanitizer-$tool.log 2>&1; echo "$tool rc=$?" >> $R/rc.txt
done
unset GROSR_LINEINFO
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 300 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
