#!/usr/bin/env bash
# Session 8 run23: a drop mid-flight as the second runtime of the process (GROSR_TEST_DROP=first).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
for i in 1 2; do GROSR_TEST_DROP=first GROSR_TEST_TIMEOUT=90 timeout 100 bash ./gpu-test $R/first-$i shutdown_drain_cancel_and_drop_return_memory > $R/first-$i.log 2>&1; echo "first $i rc=$?" >> $R/rc.txt; done
