#!/usr/bin/env bash
# Session 9 run8: async BFS workers: two items per lane (default) vs one; unroll 2 with two items.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5"
G="grid:1000x1000,rgg:1000000,grid:4000x4000"
timeout 120 ./grosr bench c --out $R/j2 $F --param graphs=$G --param variants=grosr > $R/j2.log 2>&1; echo "j2 rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --out $R/j1 $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_PER_LANE=1 > $R/j1.log 2>&1; echo "j1 rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --out $R/j2u2 $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_UNROLL=2 > $R/j2u2.log 2>&1; echo "j2u2 rc=$?" >> $R/rc.txt
