#!/usr/bin/env bash
# Session 15 run6 (branch commit 62b7d6f: keep 8, twins reverted): BFS GPU tests; rgg with BFS_PROF
# (barrier-mode work and wait per level), rgg default twice against coop_warp.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run cw $F --param variants=coop_warp
run d $F --param variants=grosr
run prof $F --param variants=grosr --param defines=BFS_PROF=1
run prof0 $F --param variants=grosr --param defines=BFS_PROF=1+BFS_BAR_KEEP=0
run db $F --param variants=grosr
run cwb $F --param variants=coop_warp
rm -rf $R/cache
