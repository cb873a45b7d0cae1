#!/usr/bin/env bash
# Session 10 run23: HEAD after the review (snapshot and control-line helpers): the runtime GPU tests; bench a.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.log 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench a --param ns=100 --out $R/a --watchdog-s 15 --param job_timeout_s=8 > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
