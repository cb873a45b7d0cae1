#!/usr/bin/env bash
# Session 15 run10 (main + barrier profile counters + BFS_BAR_RED_RELEASE knob): rgg with BFS_PROF
# (fence, last arrival to pass, work histogram), arrivals by red.release, coop_warp beside.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b; do
run cw-$r $F --param variants=coop_warp
run d-$r $F --param variants=grosr
run rr-$r $F --param variants=grosr --param defines=BFS_BAR_RED_RELEASE=1
run prof-$r $F --param variants=grosr --param defines=BFS_PROF=1
done
rm -rf $R/cache
