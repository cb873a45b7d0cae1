#!/usr/bin/env bash
# Session 8 run26: HEAD (racecheck fix): racecheck and memcheck over small runtime tests, GPU tests, bench b, bench a.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
rt=$(ls tests/runtime_gpu-* | head -1)
export GROSR_LINEINFO=1
for tool in racecheck memcheck; do
  timeout 220 "$CS" --tool "$tool" --report-api-errors no "$rt" fib_spawn random_dags warp_and_block failing_task waits_work express_submissions \
      --include-ignored --test-threads=1 > $R/sanitizer-$tool.log 2>&1; echo "$tool rc=$?" >> $R/rc.txt
done
unset GROSR_LINEINFO
F="--watchdog-s 15 --param job_timeout_s=8"
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 200 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench a --param ns=1000 --out $R/a-head $F > $R/a-head.log 2>&1; echo "a rc=$?" >> $R/rc.txt
