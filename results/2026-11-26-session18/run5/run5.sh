#!/usr/bin/env bash
# Session 18 run5 (final build, default cubins byte-identical to session 17's): the full bench c,
# the cooperative kernels at one block an SM, BFS_PROF's finer split on grid 1000^2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 200 ./grosr bench c --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-coop1 $F --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
timeout 40 ./grosr bench c --out $R/prof --watchdog-s 30 --param job_timeout_s=30 --iters 3 --param variants=grosr --param graphs=grid:1000x1000 --param defines=BFS_PROF=1 > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
rm -rf $R/cache
