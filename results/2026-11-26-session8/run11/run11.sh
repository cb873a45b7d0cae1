#!/usr/bin/env bash
# Session 8 run11: reads ahead only after recent ring work (HEAD), repeated; B; GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
va() { # name, env...
  local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt
}
for i in 1 2 3; do
va win-$i X=1
va always-$i GROSR_DEFINES=GROSR_SPEC_WINDOW_NS=0
va never-$i GROSR_DEFINES=GROSR_POLL_SPEC=0
done
va win-prof GROSR_PROF=1
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
