#!/usr/bin/env bash
# Session 9 run13: async BFS sweep: worker warps per block 8/4/2, L2 prefetch, runtime blocks 132 (x warps 8/4); ring reset only when needed.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
run() { n=$1; shift; timeout 120 ./grosr bench c --out $R/$n $F --param graphs=$G --param variants=grosr "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run def
run w4 --param defines=BFS_AQ_WARPS=4
run w2 --param defines=BFS_AQ_WARPS=2
run pf --param defines=BFS_AQ_PREFETCH=1
run b132 --param blocks=132
run b132w4 --param blocks=132 --param defines=BFS_AQ_WARPS=4
