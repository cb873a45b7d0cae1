#!/usr/bin/env bash
# Session 15 run2 (s15-barrier + B4: items carry their edge ranges, BFS_BAR_LANES lanes per item):
# BFS GPU tests; rgg against coop_warp (as many blocks as fit) with lane and pre-check settings.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run cw $F --param variants=coop_warp
run l8 $F --param variants=grosr
run l4 $F --param variants=grosr --param defines=BFS_BAR_LANES=4
run l16 $F --param variants=grosr --param defines=BFS_BAR_LANES=16
run l32 $F --param variants=grosr --param defines=BFS_BAR_LANES=32
run l8p0 $F --param variants=grosr --param defines=BFS_BAR_PRECHECK=0
run l4p0 $F --param variants=grosr --param defines=BFS_BAR_LANES=4+BFS_BAR_PRECHECK=0
run l8b $F --param variants=grosr
run cwb $F --param variants=coop_warp
run dense $F --param variants=grosr --param graphs=gnp:10000:0.01,rmat:18,rmat:22
rm -rf $R/cache
