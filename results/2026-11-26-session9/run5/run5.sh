#!/usr/bin/env bash
# Session 9 run5: async BFS workers after the ring fix: offsets passed (default) vs not, unroll 4 vs 8; grid 4000^2 with coop.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 3"
G="grid:1000x1000,rgg:1000000"
timeout 60 ./grosr bench c --out $R/def $F --param graphs=$G --param variants=grosr > $R/def.log 2>&1; echo "def rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/pass0 $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_PASS_OFFSETS=0 > $R/pass0.log 2>&1; echo "pass0 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/unr8 $F --param graphs=$G --param variants=grosr --param defines=BFS_AQ_UNROLL=8 > $R/unr8.log 2>&1; echo "unr8 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/lvl16 $F --param graphs=$G --param variants=grosr --param defines=BFS_ASYNC_LEVEL=16 > $R/lvl16.log 2>&1; echo "lvl16 rc=$?" >> $R/rc.txt
timeout 200 ./grosr bench c --out $R/g4k $F --param graphs=grid:4000x4000 --param variants=coop,grosr --param coop_per_sm=1 > $R/g4k.log 2>&1; echo "g4k rc=$?" >> $R/rc.txt
