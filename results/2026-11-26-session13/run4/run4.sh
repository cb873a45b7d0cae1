#!/usr/bin/env bash
# Session 13 run4: B device-spawned 10k / 1M (tree and fan) with the tier read back by cp.async
# (GROSR_STACK_ASYNC_COPY) against plain loads, spill policies, fan chunks; a GROSR_PROF build held
# at 4 blocks per SM.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param ns=10000,1000000"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param variants=grosr_device,grosr_fan --param fan_chunk=512"
one a0 GROSR_STACK_ASYNC_COPY=0 $V
one a1 GROSR_STACK_ASYNC_COPY=1 $V
one a1k512 GROSR_SPILL_KEEP=512 $V
one a0k2304t0 GROSR_STACK_ASYNC_COPY=0,GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=512
one a1k2304t0 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=512
one a1k2304t0c256 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=256
one a1k2304t0c384 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=384
GROSR_PROF=1 one p4 GROSR_MIN_BLOCKS_PER_SM=4,GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
GROSR_PROF=1 one p4a0 GROSR_MIN_BLOCKS_PER_SM=4,GROSR_STACK_ASYNC_COPY=0,GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=512 --param ns=1000000
one m4 GROSR_MIN_BLOCKS_PER_SM=4,GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=512
rm -rf $R/cache
