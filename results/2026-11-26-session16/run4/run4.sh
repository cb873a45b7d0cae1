#!/usr/bin/env bash
# Session 16 run4: batches of the wide runtime copied from the stack by the whole block
# (GROSR_BLOCK_COPY, default with larger batches; =0 for the leader-warp copy in the same binary);
# fan chunks 512 / 1024 / 1894 (one fan a block) / 2048; PROF traces; runtime GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
V="--param ns=10000,1000000 --param variants=bulk,grosr_fan"
for c in 512 1024 1894 2048; do one bc-c$c "" $V --param fan_chunk=$c; done
one wc-c1024 GROSR_BLOCK_COPY=0 $V --param fan_chunk=1024
one wc-c1894 GROSR_BLOCK_COPY=0 $V --param fan_chunk=1894
one bc-c1024b "" $V --param fan_chunk=1024
GROSR_PROF=1 one pf-c1024 GROSR_MIN_BLOCKS_PER_SM=5 --param ns=1000000 --param variants=grosr_fan --param fan_chunk=1024
GROSR_PROF=1 one pf-c1894 GROSR_MIN_BLOCKS_PER_SM=5 --param ns=1000000 --param variants=grosr_fan --param fan_chunk=1894
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
