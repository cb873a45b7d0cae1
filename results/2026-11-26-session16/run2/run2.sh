#!/usr/bin/env bash
# Session 16 run2: B's wide profile (batch 1024, Sharing::Keep) for the fan and the range; fan
# chunks; the speculative stamp read of dq_push_one (GROSR_PUSH_SPEC=1); PROF traces at 528
# blocks; full bench b; runtime GPU tests (batch / sharing test included).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param ns=10000,1000000 --param variants=bulk,grosr_fan"
one w-c512 "" $V
one w-c1024 "" $V --param fan_chunk=1024
one w-c2048 "" $V --param fan_chunk=2048
one ps-c512 GROSR_PUSH_SPEC=1 $V
one ps-c2048 GROSR_PUSH_SPEC=1 $V --param fan_chunk=2048
one w-c512b "" $V
one ps-c512b GROSR_PUSH_SPEC=1 $V
GROSR_PROF=1 one pf-c512 GROSR_MIN_BLOCKS_PER_SM=5 --param ns=1000000 --param variants=grosr_fan
GROSR_PROF=1 one pf-c2048 GROSR_MIN_BLOCKS_PER_SM=5 --param ns=1000000 --param variants=grosr_fan --param fan_chunk=2048
timeout 90 ./grosr bench b --out $R/b --watchdog-s 30 --param job_timeout_s=10 > $R/b.log 2>&1; echo "b rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench a --out $R/a --watchdog-s 30 --param ns=100 > $R/a.log 2>&1; echo "a rc=$?" >> $R/rc.txt
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
