#!/usr/bin/env bash
# Session 16 run1: larger scheduler batches (Builder::batch_capacity 512 / 1024) for B's fan at 1M,
# against HEAD (grosr-head) in the same call; fan chunks; a PROF trace; runtime GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
one() { local bin=$1 name=$2 defs=$3; shift 3
  GROSR_DEFINES=$defs timeout 60 $bin bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param ns=10000,1000000 --param variants=bulk,grosr_fan"
one ./grosr-head head "" $V
for b in 256 512 1024; do for c in 512 2048; do
  one ./grosr b$b-c$c "" $V --param batch=$b --param fan_chunk=$c
done; done
one ./grosr b1024-c1024 "" $V --param batch=1024 --param fan_chunk=1024
one ./grosr b1024-c1894 "" $V --param batch=1024 --param fan_chunk=1894
one ./grosr b1024-c4096 "" $V --param batch=1024 --param fan_chunk=4096
K=GROSR_SPILL_KEEP=2304,GROSR_SPILL_TIER_HALF=0
one ./grosr fk-b1024-c512 $K $V --param batch=1024 --param fan_chunk=512
one ./grosr fk-b1024-c2048 $K $V --param batch=1024 --param fan_chunk=2048
one ./grosr-head head2 "" $V
GROSR_PROF=1 one ./grosr pf-b1024-c2048 GROSR_MIN_BLOCKS_PER_SM=4 --param ns=1000000 --param variants=grosr_fan --param batch=1024 --param fan_chunk=2048
GROSR_PROF=1 one ./grosr pf-b1024-c512 GROSR_MIN_BLOCKS_PER_SM=4 --param ns=1000000 --param variants=grosr_fan --param batch=1024 --param fan_chunk=512
timeout 90 ./grosr bench b --out $R/b --watchdog-s 30 --param job_timeout_s=10 > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
