#!/usr/bin/env bash
# Session 10 run7: express watch (HEAD: FAST=1, WATCH=1) against no watch; with the gpu-scope done word; PROF; b; GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
va() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=100 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }
for i in 1 2 3; do
  va watch-$i X=1
  va nowatch-$i GROSR_DEFINES=GROSR_EXPRESS_WATCH=0
done
for i in 1 2; do va wdgpu-$i GROSR_DEFINES=GROSR_EXPRESS_DONE_GPU=1; done
va watch-prof GROSR_PROF=1
timeout 90 ./grosr bench a --out $R/a-full $F > $R/a-full.log 2>&1; echo "a full rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
