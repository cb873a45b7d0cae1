#!/usr/bin/env bash
# Session 9 run23: timing experiment: a 32-bit atomicMin on the label (parents may be wrong: validation may fail) against the 64-bit one; BFS_PROF of both.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20"
timeout 60 ./grosr bench c --iters 1 --out $R/prof64 $F --param graphs=grid:1000x1000 --param variants=grosr --param defines=BFS_PROF=1 > $R/prof64.log 2>&1; echo "prof64 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --iters 1 --out $R/prof32 $F --param graphs=grid:1000x1000 --param variants=grosr --param defines=BFS_PROF=1+BFS_AQ_ATOM32_EXPERIMENT=1 > $R/prof32.log 2>&1; echo "prof32 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --iters 5 --out $R/a64 $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr > $R/a64.log 2>&1; echo "a64 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --iters 5 --out $R/a32 $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr --param defines=BFS_AQ_ATOM32_EXPERIMENT=1 > $R/a32.log 2>&1; echo "a32 rc=$?" >> $R/rc.txt
