#!/usr/bin/env bash
# Session 10 run21: the allocator with global-space atomics (HEAD) against 0b0aafd's generic ones (grosr-prev): bench d (head, prev), a x2, b; the runtime GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 15 --param job_timeout_s=8"
for i in 1 2; do timeout 60 ./grosr bench a --param ns=100 --out $R/a-$i $F > $R/a-$i.log 2>&1; echo "a $i rc=$?" >> $R/rc.txt; done
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench d --out $R/d-head > $R/d-head.log 2>&1; echo "d head rc=$?" >> $R/rc.txt
timeout 150 ./grosr-prev bench d --out $R/d-prev > $R/d-prev.log 2>&1; echo "d prev rc=$?" >> $R/rc.txt
