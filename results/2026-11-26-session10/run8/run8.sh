#!/usr/bin/env bash
# Session 10 run8: HEAD (global atomics, express fast path and watch): every GPU test (runtime suite and BFS); bench a x2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
for i in 1 2; do timeout 60 ./grosr bench a --param ns=100 --out $R/a-$i $F > $R/a-$i.log 2>&1; echo "a $i rc=$?" >> $R/rc.txt; done
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 480 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
