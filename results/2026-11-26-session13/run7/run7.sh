#!/usr/bin/env bash
# Session 13 run7: statistics as reductions (classify as before, 48 registers): B tree and fan
# against HEAD f4cc5ee (grosr-head); the PROF trace of the fan at 1M held at 5 blocks/SM (528 blocks).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local bin=$1 name=$2 defs=$3; shift 3
  GROSR_DEFINES=$defs timeout 60 $bin bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
K=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0
one ./grosr-head head "" --param ns=10000,1000000
one ./grosr new "" --param ns=10000,1000000 --param variants=grosr_device
one ./grosr fan $K --param ns=10000,1000000 --param variants=grosr_fan --param fan_chunk=512
one ./grosr fanc0 $K --param ns=10000,1000000 --param variants=grosr_fan
GROSR_PROF=1 one ./grosr pfan $K,GROSR_MIN_BLOCKS_PER_SM=5 --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
GROSR_PROF=1 one ./grosr pfanc0 $K,GROSR_MIN_BLOCKS_PER_SM=5 --param variants=grosr_fan --param ns=1000000
rm -rf $R/cache
