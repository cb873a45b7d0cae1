#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
G=chain:20000,chain:1000000,grid:1000x1000,grid:4000x4000,rgg:1000000,rmat:20,rmat:22
timeout 120 ./grosr-main bench c --iters 3 --out $R/c-main --param graphs=$G --param variants=grosr > $R/c-main.log 2>&1; echo "main rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench c --iters 3 --out $R/c-branch --param graphs=$G --param variants=grosr,coop_barrier > $R/c-branch.log 2>&1; echo "branch rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 200 bash gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
cd $OUT && tar czf o.tgz r
