#!/usr/bin/env bash
# Session 19 run17: how often grid 4000^2's BFS is slow, this session's final build against session
# 18's (grosr-head, 72d0922): 30 iterations x 4 processes each, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 60 --param job_timeout_s=30 --param variants=grosr --iters 30 --param graphs=grid:4000x4000"
for rep in 1 2 3 4; do for b in head new; do
  bin=./grosr; [ $b = head ] && bin=./grosr-head
  timeout 100 $bin bench c --out $R/g4k-$b-$rep $F > $R/g4k-$b-$rep.log 2>&1; echo "g4k $b $rep rc=$?" >> $R/rc.txt
done; done
rm -rf $R/cache
