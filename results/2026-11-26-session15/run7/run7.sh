#!/usr/bin/env bash
# Session 15 run7 (run6 + BFS_POLL_RELAXED knob, default 0): barriers polled with relaxed loads
# against ld.acquire, for coop_warp and grosr on rgg, and coop_warp on a grid and the chain.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b; do for p in 0 1; do
run cw-p$p$r $F --param variants=coop_warp --param defines=BFS_POLL_RELAXED=$p
run g-p$p$r $F --param variants=grosr --param defines=BFS_POLL_RELAXED=$p
done; done
run prof1 $F --param variants=grosr --param defines=BFS_PROF=1+BFS_POLL_RELAXED=1
for p in 0 1; do
run cwg-p$p $F --param variants=coop_warp,coop --param defines=BFS_POLL_RELAXED=$p --param graphs=grid:1000x1000,chain:20000,gnp:10000:0.01
done
rm -rf $R/cache
