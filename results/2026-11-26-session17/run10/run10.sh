#!/usr/bin/env bash
# Session 17 run10: host submissions written by up to four threads (this build) against one thread
# (grosr-head: commit 9d17c8e, the same code before), B's host-fed variant at 10k / 50k / 1M,
# interleaved, three times; every GPU test.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
lscpu > $R/lscpu.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9 --param ns=10000,50000,1000000 --param variants=grosr_host"
for rep in 1 2 3; do
for b in new head; do x=./grosr; [ $b = head ] && x=./grosr-head
  timeout 60 $x bench b --out $R/h-$b-$rep $F > $R/h-$b-$rep.log 2>&1; echo "h-$b-$rep rc=$?" >> $R/rc.txt
done
done
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 260 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
