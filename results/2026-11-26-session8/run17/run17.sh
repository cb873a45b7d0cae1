#!/usr/bin/env bash
# Session 8 run17: HEAD (same binaries as run16): 300 s soak, B+.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=300 GROSR_SOAK_TASKS=1e8 GROSR_TEST_TIMEOUT=420 timeout 440 bash ./gpu-test $R/soak soak_host_fed_and_device_spawned > $R/soak.log 2>&1; echo "soak rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench bplus --out $R/bp --param ns=10000,50000 --param dq_cap=32768 --watchdog-s 15 --param job_timeout_s=8 > $R/bp.log 2>&1; echo "bp rc=$?" >> $R/rc.txt
