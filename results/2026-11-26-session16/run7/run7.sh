#!/usr/bin/env bash
# Session 16 run7 (after the review: spawn_words' stores shared by both reservations, cls_fields,
# Rust-side cleanups; BFS and Exp B cubins byte-identical to run6's): every GPU test, the runtime
# tests again with per-thread stack reservations (GROSR_SPAWN_AGG=0), and B+ at 1M.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
mkdir -p $R/agg0 && for t in tests/runtime_gpu-*; do GROSR_DEFINES=GROSR_SPAWN_AGG=0 timeout 150 $t --include-ignored --test-threads=1 > $R/agg0/runtime_gpu.log 2>&1; echo "agg0 $t rc=$?" >> $R/rc.txt; done
timeout 60 ./grosr bench bplus --out $R/fan --watchdog-s 30 --param job_timeout_s=10 --iters 9 --param ns=10000,1000000 --param variants=bulk,grosr_fan > $R/fan.log 2>&1; echo "fan rc=$?" >> $R/rc.txt
rm -rf $R/cache
