#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
timeout 200 ./grosr bench c --iters 3 --out $R/c > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 250 bash ./gpu-test $R/tests > $R/suite.out 2>&1; echo "suite rc=$?" >> $R/rc.txt
cd $OUT && tar czf o.tgz r
