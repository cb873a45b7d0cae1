#!/usr/bin/env bash
# Session 13 run5: GROSR_PROF (accumulators in shared memory) with the iteration trace, B fan 1M
# under the spill policy that suits it; the same without PROF; the tree under PROF.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
K=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0
GROSR_PROF=1 one pfan $K --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
one fan $K --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
GROSR_PROF=1 one pfan10k $K --param variants=grosr_fan --param fan_chunk=512 --param ns=10000
GROSR_PROF=1 one ptree GROSR_SPILL_KEEP=0 --param variants=grosr_device --param ns=1000000
rm -rf $R/cache
