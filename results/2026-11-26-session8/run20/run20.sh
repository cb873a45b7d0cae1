#!/usr/bin/env bash
# Session 8 run20: the shutdown test with a mid-flight warm-up (x3), and the whole runtime_gpu binary.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
for i in 1 2 3; do GROSR_TEST_TIMEOUT=90 timeout 100 bash ./gpu-test $R/shutdown-$i shutdown_drain_cancel_and_drop_return_memory > $R/shutdown-$i.log 2>&1; echo "shutdown $i rc=$?" >> $R/rc.txt; done
GROSR_TEST_TIMEOUT=60 timeout 300 bash ./gpu-test $R/runtime > $R/runtime.log 2>&1; echo "runtime rc=$?" >> $R/rc.txt
