#!/usr/bin/env bash
# Session 13 run3: B device-spawned 10k / 1M, the tree (grosr_device) and the new fan shape
# (grosr_fan), under spill policies (GROSR_SPILL_KEEP, GROSR_SPILL_TIER_HALF) and fan chunks.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param ns=10000,1000000"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
one base GROSR_SPILL_KEEP=0 --param variants=grosr_device,grosr_fan
one k512 GROSR_SPILL_KEEP=512 --param variants=grosr_device,grosr_fan
one k2304 GROSR_SPILL_KEEP=2304 --param variants=grosr_device,grosr_fan
one k2304t0 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_device,grosr_fan
one k512t0 GROSR_SPILL_KEEP=512,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_device,grosr_fan
one k2304t0c1024 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=1024
one k2304t0c512 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param fan_chunk=512
GROSR_PROF=1 one pk2304t0 GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0 --param variants=grosr_fan --param ns=1000000
GROSR_PROF=1 one pbase GROSR_SPILL_KEEP=0 --param variants=grosr_fan --param ns=1000000
timeout 60 ./grosr bench bplus --out $R/bplus --watchdog-s 30 --iters 7 --param ns=1000000 --param variants=bulk > $R/bplus.log 2>&1; echo "bplus rc=$?" >> $R/rc.txt
rm -rf $R/cache
