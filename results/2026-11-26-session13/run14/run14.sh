#!/usr/bin/env bash
# Session 13 run14 (final build, with the queue rounds): every runtime and BFS GPU test (short soak); bench a, b, bplus in
# full; the fan under the spill policy that suits it (GROSR_SPILL_KEEP=2304, GROSR_SPILL_TIER_HALF=0).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 300 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 90 ./grosr bench a --out $R/a --watchdog-s 30 > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench b --out $R/b --watchdog-s 30 --param job_timeout_s=10 > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 90 ./grosr bench bplus --out $R/bplus --watchdog-s 30 --param job_timeout_s=10 > $R/bplus.log 2>&1; echo "bplus rc=$?" >> $R/rc.txt
GROSR_DEFINES=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 timeout 60 ./grosr bench bplus --out $R/bplus-fk --watchdog-s 30 --param job_timeout_s=10 --param ns=10000,1000000 --param variants=bulk,grosr_fan > $R/bplus-fk.log 2>&1; echo "bplus-fk rc=$?" >> $R/rc.txt
rm -rf $R/cache
