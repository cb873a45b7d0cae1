#!/usr/bin/env bash
# Session 15 run19 (final build): G(10k, 0.01) under crew and bottom-up settings, coop_warp beside,
# each twice.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 15 --param graphs=gnp:10000:0.01"
run() { n=$1; shift; timeout 60 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b; do
run cw-$r $F --param variants=coop_warp
run d-$r $F --param variants=grosr
for d in BFS_CREW_ROUND=8 BFS_CREW_ROUND=32 BFS_CREW_SPARE=2 BFS_CREW_SPARE=8 BFS_BU_DIV=16 BFS_BU_DIV=256; do
run ${d//=/_}-$r $F --param variants=grosr --param defines=$d
done; done
rm -rf $R/cache
