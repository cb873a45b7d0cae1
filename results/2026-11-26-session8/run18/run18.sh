#!/usr/bin/env bash
# Session 8 run18: HEAD (runtime code as run16): GPU tests; the shutdown test 3 more times; bench a x2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
for i in 1 2 3; do GROSR_TEST_TIMEOUT=60 timeout 70 bash ./gpu-test $R/shutdown-$i shutdown_drain_cancel_and_drop_return_memory > $R/shutdown-$i.log 2>&1; echo "shutdown $i rc=$?" >> $R/rc.txt; done
for i in 1 2; do timeout 60 ./grosr bench a --param ns=1000 --out $R/a-head-$i $F > $R/a-head-$i.log 2>&1; echo "a $i rc=$?" >> $R/rc.txt; done
