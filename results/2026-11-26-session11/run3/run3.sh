#!/usr/bin/env bash
# Session 11 run3: HEAD (session 10's BFS, the runtime with task_shared_bytes): every GPU test, and bench a/b quick checks.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 330 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench a --out $R/a --watchdog-s 15 --param job_timeout_s=8 --param ns=100 > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
