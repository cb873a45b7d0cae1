#!/usr/bin/env bash
# Session 15 run20 (final build): crew rounds of 8 items against the default 16 on every graph that
# forms crews, twice.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr --param graphs=gnp:10000:0.01,rmat:18,rmat:20,rmat:22,grid:1000x1000,rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b; do
run d-$r $F
run r8-$r $F --param defines=BFS_CREW_ROUND=8
done
rm -rf $R/cache
