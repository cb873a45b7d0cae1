#!/usr/bin/env bash
# Session 15 run1 (branch s15-barrier: BFS_AQ_TWINS off, BFS_BAR on by default): BFS GPU tests;
# the dense graphs with the barrier mode against BFS_BAR=0 and coop_warp at 1/SM; twins on grids
# and (exact claims off) on rgg.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
D=gnp:10000:0.01,rmat:18,rmat:20,rmat:22,rgg:1000000
G=grid:1000x1000,grid:4000x4000
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run dense-bar1 $F --param graphs=$D
run dense-bar0 $F --param graphs=$D --param defines=BFS_BAR=0
run dense-cw1 --watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=coop_warp --param coop_per_sm=1 --param graphs=$D
run grid-tw0 $F --param graphs=$G
run grid-tw1 $F --param graphs=$G --param defines=BFS_AQ_TWINS=1
run rgg-tw1 $F --param graphs=rgg:1000000 --param defines=BFS_BAR=0+BFS_AQ_TWINS=1+BFS_AQ_OPT=1
run rgg-tw1x $F --param graphs=rgg:1000000 --param defines=BFS_BAR=0+BFS_AQ_TWINS=1
run dense-bar1b $F --param graphs=$D
rm -rf $R/cache
