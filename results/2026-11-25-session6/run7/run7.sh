#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
G=grid:1000x1000,grid:4000x4000,rgg:1000000,rmat:22,rmat:20
i=0
for d in BFS_CREW_PRECHECK=1 BFS_CREW_PRECHECK=0 BFS_BLOCK_PRECHECK=1 BFS_CREW_PRECHECK=0+BFS_BLOCK_PRECHECK=1; do
timeout 60 ./grosr bench c --iters 3 --out $R/q$i --param graphs=$G --param variants=grosr --param defines=$d > $R/q$i.log 2>&1; echo "q$i $d rc=$?" >> $R/rc.txt
i=$((i+1))
done
cd $OUT && tar czf o.tgz r
