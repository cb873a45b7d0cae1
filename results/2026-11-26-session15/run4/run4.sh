#!/usr/bin/env bash
# Session 15 run4 (run3 + B5: workers keep their claims, lanes 16, no pre-check): BFS GPU tests
# (a new one spills and splits in the barrier mode); rgg against coop_warp with keep/lane settings.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run cw $F --param variants=coop_warp
run d $F --param variants=grosr
run k0 $F --param variants=grosr --param defines=BFS_BAR_KEEP=0
run k8 $F --param variants=grosr --param defines=BFS_BAR_KEEP=8
run k32 $F --param variants=grosr --param defines=BFS_BAR_KEEP=32
run k64 $F --param variants=grosr --param defines=BFS_BAR_KEEP=64
run l32 $F --param variants=grosr --param defines=BFS_BAR_LANES=32
run l8 $F --param variants=grosr --param defines=BFS_BAR_LANES=8
run p1 $F --param variants=grosr --param defines=BFS_BAR_PRECHECK=1
run db $F --param variants=grosr
run cwb $F --param variants=coop_warp
rm -rf $R/cache
