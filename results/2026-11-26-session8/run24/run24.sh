#!/usr/bin/env bash
# Session 8 run24: HEAD, the whole GPU suite (shutdown test with the stabilising warm-up) and the shutdown test twice more.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 300 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
for i in 1 2; do GROSR_TEST_TIMEOUT=90 timeout 100 bash ./gpu-test $R/shutdown-$i shutdown_drain_cancel_and_drop_return_memory > $R/shutdown-$i.log 2>&1; echo "shutdown $i rc=$?" >> $R/rc.txt; done
