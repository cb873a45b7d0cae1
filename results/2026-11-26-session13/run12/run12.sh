#!/usr/bin/env bash
# Session 13 run12: warp-level queue pushes and pops in rounds of 256 slots (GROSR_QUEUE_ROUNDS=8)
# against one slot per lane at a time (=0), same binary: runtime + BFS GPU tests; B tree and fan with
# the 2048- and 8192-entry tier; A (ns=1000); BFS subset.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
GROSR_TEST_TIMEOUT=120 timeout 240 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param variants=grosr_device,grosr_fan --param ns=10000,1000000"
for q in 8 0; do
one q$q-t2k GROSR_QUEUE_ROUNDS=$q $V
one q$q-t8k GROSR_QUEUE_ROUNDS=$q $V --param tier_cap=8192
one q$q-t8kk GROSR_QUEUE_ROUNDS=$q,GROSR_SPILL_KEEP=2304 --param variants=grosr_fan --param ns=10000,1000000 --param tier_cap=8192
done
one q8-t8kb GROSR_QUEUE_ROUNDS=8 --param variants=grosr_host,grosr_range --param ns=10000,1000000 --param tier_cap=8192
for q in 8 0; do
GROSR_DEFINES=GROSR_QUEUE_ROUNDS=$q timeout 60 ./grosr bench a --out $R/a-q$q --watchdog-s 30 --param ns=1000 > $R/a-q$q.log 2>&1; echo "a q$q rc=$?" >> $R/rc.txt
done
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,grid:4000x4000,gnp:10000:0.01,rmat:20,rgg:1000000"
for q in 8 0; do
GROSR_DEFINES=GROSR_QUEUE_ROUNDS=$q timeout 100 ./grosr bench c --out $R/c-q$q $FC > $R/c-q$q.log 2>&1; echo "c q$q rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
