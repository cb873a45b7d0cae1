#!/usr/bin/env bash
# Session 8 run22: the drop-mid-flight memory under variants (GROSR_TEST_DROP).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
for v in none stats wait rtfirst; do GROSR_TEST_DROP=$v GROSR_TEST_TIMEOUT=90 timeout 100 bash ./gpu-test $R/drop-$v shutdown_drain_cancel_and_drop_return_memory > $R/drop-$v.log 2>&1; echo "drop $v rc=$?" >> $R/rc.txt; done
