#!/usr/bin/env bash
# Session 19 run8: why world_highways varies: BFS_AQ_STATS (steps, items, pushes, ring claims, phases)
# on this build and on grosr-prev, world_highways and grid 1000^2, two processes each; then
# world_highways plain, three processes each, interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --param variants=grosr --iters 7"
for rep in 1 2; do for b in prev sts; do
  bin=./grosr; [ $b = prev ] && bin=./grosr-prev
  timeout 40 $bin bench c --out $R/st-hw-$b-$rep $F --param graphs=real/world_highways.mtx.gz --param source=0 --param defines=BFS_AQ_STATS=1 > $R/st-hw-$b-$rep.log 2>&1; echo "st hw $b $rep rc=$?" >> $R/rc.txt
  timeout 40 $bin bench c --out $R/st-grid-$b-$rep $F --param graphs=grid:1000x1000 --param defines=BFS_AQ_STATS=1 > $R/st-grid-$b-$rep.log 2>&1; echo "st grid $b $rep rc=$?" >> $R/rc.txt
done; done
for rep in 1 2 3; do for b in prev sts; do
  bin=./grosr; [ $b = prev ] && bin=./grosr-prev
  timeout 40 $bin bench c --out $R/world_highways-$b-$rep $F --param graphs=real/world_highways.mtx.gz --param source=0 > $R/hw-$b-$rep.log 2>&1; echo "hw $b $rep rc=$?" >> $R/rc.txt
done; done
rm -rf $R/cache
