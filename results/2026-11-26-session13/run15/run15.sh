#!/usr/bin/env bash
# Session 13 run15: the one-job retirement's round trip overlapped with the spill segment (this
# build) against commit 9a3d395 (grosr-prev), same call: runtime + BFS GPU tests; B tree and fan
# (default and the fan's spill policy); A (ns=1000); BFS subset.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
V="--param variants=grosr_host,grosr_device,grosr_fan --param ns=10000,1000000"
for i in 1 2; do for c in prev new; do b=./grosr; [ $c = prev ] && b=./grosr-prev
timeout 60 $b bench b --out $R/b$i-$c $F $V > $R/b$i-$c.log 2>&1; echo "b$i $c rc=$?" >> $R/rc.txt
GROSR_DEFINES=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 timeout 60 $b bench b --out $R/fk$i-$c $F --param variants=grosr_fan --param ns=10000,1000000 > $R/fk$i-$c.log 2>&1; echo "fk$i $c rc=$?" >> $R/rc.txt
done; done
for c in prev new; do b=./grosr; [ $c = prev ] && b=./grosr-prev
timeout 60 $b bench a --out $R/a-$c --watchdog-s 30 --param ns=1000 > $R/a-$c.log 2>&1; echo "a $c rc=$?" >> $R/rc.txt
done
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for c in prev new; do b=./grosr; [ $c = prev ] && b=./grosr-prev
timeout 100 $b bench c --out $R/c-$c $FC > $R/c-$c.log 2>&1; echo "c $c rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
