#!/usr/bin/env bash
# Session 13 run13: spill policies with the faster queue rounds: the tier kept out of spills
# (GROSR_SPILL_TIER=0) with the 2048- and 8192-entry tier, keeps of 256 / 512; B tree and fan.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param variants=grosr_device,grosr_fan --param ns=10000,50000,1000000"
one def "" $V
one st0 GROSR_SPILL_TIER=0 $V
one st0t8k GROSR_SPILL_TIER=0 $V --param tier_cap=8192
one k256 GROSR_SPILL_KEEP=256 $V
one k512 GROSR_SPILL_KEEP=512 $V
one k256st0t8k GROSR_SPILL_KEEP=256,GROSR_SPILL_TIER=0 $V --param tier_cap=8192
one def2 "" $V
rm -rf $R/cache
