#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
G=chain:20000,grid:1000x1000,grid:4000x4000,rgg:1000000,rmat:22,rmat:20,gnp:10000:0.01
timeout 100 ./grosr-head bench c --iters 3 --out $R/h --param graphs=$G --param variants=grosr,coop_barrier > $R/h.log 2>&1; echo "h rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench c --iters 3 --out $R/u --param graphs=$G > $R/u.log 2>&1; echo "u rc=$?" >> $R/rc.txt
cd $OUT && tar czf o.tgz r
