#!/usr/bin/env bash
# Session 10 run18: HEAD (same binaries as run13/14): the 300 s soak, host-fed and device-spawned, checksummed.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=300 GROSR_SOAK_TASKS=1e8 GROSR_TEST_TIMEOUT=420 timeout 440 bash ./gpu-test $R/soak soak_host_fed_and_device_spawned > $R/soak.log 2>&1; echo "soak rc=$?" >> $R/rc.txt
