#!/usr/bin/env bash
# Session 10 run2: global-space atomics (HEAD) against CUDA's generic ones (GROSR_GENERIC_ATOMICS=1): a, b, bplus; GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
va() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }
vb() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench b --iters 5 --out $R/b-$name --param ns=10000,50000,1000000 --param dq_cap=32768 $F > $R/b-$name.log 2>&1; echo "b $name rc=$?" >> $R/rc.txt; }
vp() { local name=$1; shift
  env "$@" timeout 100 ./grosr bench bplus --out $R/bp-$name --param ns=10000,50000 --param dq_cap=32768 $F > $R/bp-$name.log 2>&1; echo "bp $name rc=$?" >> $R/rc.txt; }
for i in 1 2 3; do va glob-$i X=1; va gen-$i GROSR_DEFINES=GROSR_GENERIC_ATOMICS=1; done
va glob-prof GROSR_PROF=1
vb glob X=1; vb gen GROSR_DEFINES=GROSR_GENERIC_ATOMICS=1
vp glob X=1; vp gen GROSR_DEFINES=GROSR_GENERIC_ATOMICS=1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
