#!/usr/bin/env bash
# Session 17 run9 (candidate final build: thieves leave a busy-looking or idle owner's lone task,
# Exp B's fans one per block): every GPU test; full bench bplus; bench b; bench a; two more B+ fan
# runs at 1M; a BFS PROF of grid 1000^2 (the asynchronous mode's step in parts).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10"
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench bplus --out $R/bplus $F > $R/bplus.log 2>&1; echo "bplus rc=$?" >> $R/rc.txt
for k in 1 2; do
timeout 60 ./grosr bench bplus --out $R/fan$k $F --iters 9 --param ns=1000000 --param variants=bulk,grosr_fan > $R/fan$k.log 2>&1; echo "fan$k rc=$?" >> $R/rc.txt
done
timeout 90 ./grosr bench b --out $R/b $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench a --out $R/a $F > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/c-prof $F --iters 3 --param variants=grosr --param graphs=grid:1000x1000 --param defines=BFS_PROF=1 > $R/c-prof.log 2>&1; echo "c-prof rc=$?" >> $R/rc.txt
rm -rf $R/cache
