#!/usr/bin/env bash
# Session 16 run6 (candidate final build: warp-aggregated spawns, pops from hinted head/tail, block
# copy of large batches, Exp B's wide profile with min_blocks_per_sm(5)): every GPU test; full
# bench bplus, b and a; three more B+ fan runs at 1M; a BFS subset against HEAD 4e9db1e (grosr-head).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10"
timeout 150 ./grosr bench bplus --out $R/bplus $F > $R/bplus.log 2>&1; echo "bplus rc=$?" >> $R/rc.txt
for k in 1 2 3; do
timeout 60 ./grosr bench bplus --out $R/fan$k $F --iters 9 --param ns=1000000 --param variants=bulk,grosr_fan > $R/fan$k.log 2>&1; echo "fan$k rc=$?" >> $R/rc.txt
done
timeout 90 ./grosr bench b --out $R/b $F > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench a --out $R/a $F > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for c in head new; do b=./grosr; [ $c = head ] && b=./grosr-head
timeout 100 $b bench c --out $R/c-$c $FC > $R/c-$c.log 2>&1; echo "c $c rc=$?" >> $R/rc.txt
done
GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 GROSR_CHURN_CYCLES=5 GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
