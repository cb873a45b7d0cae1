#!/usr/bin/env bash
# Session 19 run19 (final build, BFS_AQ_RED_ALL off): every GPU test; the full bench c, the
# cooperative kernels at 1 block an SM, the real graphs with every variant; grid 4000^2 30
# iterations x 4 processes (the slow BFS of run17); grid 1000^2 in two more processes. (The real
# graphs ran in run20: the working tree and every test binary left no room for them.)
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 170 ./grosr bench c --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/c-coop1 $F --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
G="--watchdog-s 60 --param job_timeout_s=30 --param variants=grosr"
for rep in 1 2 3 4; do
  timeout 30 ./grosr bench c --out $R/g4k-$rep $G --iters 30 --param graphs=grid:4000x4000 > $R/g4k-$rep.log 2>&1; echo "g4k $rep rc=$?" >> $R/rc.txt
done
for rep in 1 2; do
  timeout 20 ./grosr bench c --out $R/g1k-$rep $G --iters 9 --param graphs=grid:1000x1000 > $R/g1k-$rep.log 2>&1; echo "g1k $rep rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
