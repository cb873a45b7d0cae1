#!/usr/bin/env bash
# Session 13 run11: B tree and fan with a larger spawn-stack tier (tier_cap=8192) and spill policies:
# the default, a budget per idle block (GROSR_SPILL_PER_IDLE), a keep of 2304; fans of 512 and of
# N / blocks; PROF traces of two of them.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench b --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param variants=grosr_device,grosr_fan --param ns=10000,1000000"
one t2k "" $V
one t8k "" $V --param tier_cap=8192
one t8kc0 "" --param variants=grosr_fan --param ns=1000000 --param fan_chunk=1894 --param tier_cap=8192
for b in 16 64 256; do
one t8kb$b GROSR_SPILL_PER_IDLE=$b $V --param tier_cap=8192
one t8kb${b}c0 GROSR_SPILL_PER_IDLE=$b --param variants=grosr_fan --param ns=1000000 --param fan_chunk=1894 --param tier_cap=8192
done
one t8kk GROSR_SPILL_KEEP=2304 $V --param tier_cap=8192
one t8kkc0 GROSR_SPILL_KEEP=2304 --param variants=grosr_fan --param ns=1000000 --param fan_chunk=1894 --param tier_cap=8192
GROSR_PROF=1 one pkc0 GROSR_SPILL_KEEP=2304,GROSR_MIN_BLOCKS_PER_SM=5 --param variants=grosr_fan --param ns=1000000 --param fan_chunk=1894 --param tier_cap=8192
GROSR_PROF=1 one pb64 GROSR_SPILL_PER_IDLE=64,GROSR_MIN_BLOCKS_PER_SM=5 --param variants=grosr_fan --param ns=1000000 --param tier_cap=8192
rm -rf $R/cache
