#!/usr/bin/env bash
# Session 8 run6: the defaults that ship (HEAD): GPU tests, bench a (full), b, bplus.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
B="--param dq_cap=32768"
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 260 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 90 ./grosr bench a --out $R/a $F > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --iters 5 --out $R/b --param ns=10000,50000,1000000 $B $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench bplus --out $R/bp --param ns=10000,50000 $B $F > $R/bp.log 2>&1; echo "bp rc=$?" >> $R/rc.txt
