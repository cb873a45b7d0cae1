#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
timeout 200 ./grosr bench c --iters 3 --out $R/c > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=60 timeout 200 bash gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
G=grid:1000x1000,rgg:1000000,rmat:18,rmat:20,rmat:22,gnp:10000:0.01
for d in BFS_BU_DIV=32 BFS_BU_DIV=96; do
timeout 60 ./grosr bench c --iters 3 --out $R/s$d --param graphs=$G --param variants=grosr --param defines=$d > $R/s$d.log 2>&1; echo "s $d rc=$?" >> $R/rc.txt
done
cd $OUT && tar czf o.tgz r
