#!/usr/bin/env bash
# Session 9 run4: async BFS workers (warp-held items + ring): grid 1000^2, rgg 1M, grid 4000^2 against coop (1/SM) and the level-synchronous grosr; sanity on chain/gnp/rmat.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 3"
timeout 90 ./grosr bench c --out $R/w $F --param graphs=grid:1000x1000,rgg:1000000,chain:20000,gnp:10000:0.01,rmat:20 --param variants=coop,grosr --param coop_per_sm=1 > $R/w.log 2>&1; echo "w rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/sync $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr --param defines=BFS_ASYNC_LEVEL=0 > $R/sync.log 2>&1; echo "sync rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench c --out $R/g4k $F --param graphs=grid:4000x4000 --param variants=grosr > $R/g4k.log 2>&1; echo "g4k rc=$?" >> $R/rc.txt
