#!/usr/bin/env bash
# Session 15 run5 (run4 + shared items to a worker's last groups first): BFS GPU tests; rgg against
# coop_warp with keep settings, each twice.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run cw $F --param variants=coop_warp
for r in a b; do
for k in 0 2 4 8 16; do run k$k$r $F --param variants=grosr --param defines=BFS_BAR_KEEP=$k; done
done
run l32k4 $F --param variants=grosr --param defines=BFS_BAR_KEEP=4+BFS_BAR_LANES=32
run l8k8 $F --param variants=grosr --param defines=BFS_BAR_KEEP=8+BFS_BAR_LANES=8
run cwb $F --param variants=coop_warp
rm -rf $R/cache
