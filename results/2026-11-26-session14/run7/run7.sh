#!/usr/bin/env bash
# Session 14 run7: the asynchronous mode's knobs under optimistic claims (run6's build), on grid
# 1000^2 (the graph short of 2x), and grid 4000^2; coop_warp 1/SM in the same call.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr"
G=grid:1000x1000,grid:4000x4000
timeout 60 ./grosr bench c --out $R/cw1 --watchdog-s 30 --iters 9 --param variants=coop_warp --param coop_per_sm=1 --param graphs=grid:1000x1000 > $R/cw1.log 2>&1; echo "cw1 rc=$?" >> $R/rc.txt
n=0
for d in BFS_AQ_OPT=2 BFS_AQ_KEEP=24 BFS_AQ_KEEP=16 BFS_AQ_IDLE_MAX_NS=1024 BFS_AQ_IDLE_MAX_NS=4096 BFS_ASYNC_LEVEL=16 BFS_ASYNC_LEVEL=64 BFS_AQ_WARPS=2 BFS_AQ_DIST_L1=1 BFS_AQ_OPT=2; do
n=$((n+1))
timeout 60 ./grosr bench c --out $R/k$n --param defines=$d $F --param graphs=$G > $R/k$n.log 2>&1; echo "k$n $d rc=$?" >> $R/rc.txt
done
timeout 60 ./grosr bench c --out $R/b132 --param blocks=132 $F --param graphs=$G > $R/b132.log 2>&1; echo "b132 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/cw1b --watchdog-s 30 --iters 9 --param variants=coop_warp --param coop_per_sm=1 --param graphs=grid:1000x1000 > $R/cw1b.log 2>&1; echo "cw1b rc=$?" >> $R/rc.txt
rm -rf $R/cache
