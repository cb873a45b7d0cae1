#!/usr/bin/env bash
# Session 10 run5: fused express submit (HEAD host); GROSR_EXPRESS_FAST / GROSR_EXPRESS_DONE_GPU variants; tests with FAST=1.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 15 --param job_timeout_s=8"
va() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=100 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }
for i in 1 2 3; do
  va head-$i X=1
  va fast-$i GROSR_DEFINES=GROSR_EXPRESS_FAST=1
  va dgpu-$i GROSR_DEFINES=GROSR_EXPRESS_DONE_GPU=1
  va both-$i GROSR_DEFINES=GROSR_EXPRESS_FAST=1,GROSR_EXPRESS_DONE_GPU=1
done
va fast-prof GROSR_PROF=1 GROSR_DEFINES=GROSR_EXPRESS_FAST=1
GROSR_DEFINES=GROSR_EXPRESS_FAST=1 GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
