#!/usr/bin/env bash
# Session 13 run8: one atomic per job per iteration (GROSR_ONE_JOB_FAST) on and off: B tree, fan
# and host-fed; the PROF trace of the fan at 1M (528 blocks); BFS subset against HEAD (grosr-head).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local bin=$1 name=$2 defs=$3; shift 3
  GROSR_DEFINES=$defs timeout 60 $bin bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
K=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0
for i in 1 2; do
one ./grosr-head head$i "" --param ns=10000,1000000
one ./grosr j1-$i "" --param ns=10000,1000000 --param variants=grosr_host,grosr_device
one ./grosr j0-$i GROSR_ONE_JOB_FAST=0 --param ns=10000,1000000 --param variants=grosr_host,grosr_device
one ./grosr fj1-$i $K --param ns=10000,1000000 --param variants=grosr_fan --param fan_chunk=512
one ./grosr fj0-$i $K,GROSR_ONE_JOB_FAST=0 --param ns=10000,1000000 --param variants=grosr_fan --param fan_chunk=512
done
one ./grosr fj1c0 $K --param ns=10000,1000000 --param variants=grosr_fan
GROSR_PROF=1 one ./grosr pfan $K,GROSR_MIN_BLOCKS_PER_SM=5 --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,grid:4000x4000,gnp:10000:0.01,rmat:20,rgg:1000000"
for c in head new; do b=./grosr; [ $c = head ] && b=./grosr-head
timeout 100 $b bench c --out $R/c-$c $FC > $R/c-$c.log 2>&1; echo "c $c rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
