#!/usr/bin/env bash
# Session 9 run27: grosr BFS with warp-per-item crew rounds, a smaller one-block edge bound and rounds, sync vs async, against coop_warp (same call).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5"
G="gnp:10000:0.01,rgg:1000000,rmat:20,grid:1000x1000"
timeout 90 ./grosr bench c --out $R/base $F --param graphs=$G --param variants=coop_warp > $R/base.log 2>&1; echo "base rc=$?" >> $R/rc.txt
run() { n=$1; shift; timeout 60 ./grosr bench c --out $R/$n $F --param graphs=$G --param variants=grosr "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
run def
run cw --param defines=BFS_CREW_WARP=1
run cw-ob --param defines=BFS_CREW_WARP=1+BFS_ONE_BLOCK_EDGES=2048
run cw-ob-r16 --param defines=BFS_CREW_WARP=1+BFS_ONE_BLOCK_EDGES=2048+BFS_CREW_ROUND=16
run cw-ob-r16-sync --param defines=BFS_CREW_WARP=1+BFS_ONE_BLOCK_EDGES=2048+BFS_CREW_ROUND=16+BFS_ASYNC_LEVEL=0
