#!/usr/bin/env bash
# Session 9 run15: async BFS round split (BFS_PROF) on grid 1000^2 and rgg; dist through L1 vs L2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
timeout 60 ./grosr bench c --iters 1 --out $R/prof $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr --param defines=BFS_PROF=1 > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
run() { n=$1; shift; timeout 120 ./grosr bench c --iters 5 --out $R/$n $F --param graphs=$G --param variants=grosr "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run def
run l1 --param defines=BFS_AQ_DIST_L1=1
