#!/usr/bin/env bash
# Session 17 run3: the new defaults (GROSR_STEAL_LONE_NS=16000, GROSR_PUSH_PAR=1, GROSR_MATCH_FAST=1,
# B's fans one per block) against each one off, a 32 us lone-steal window, and the old code's
# settings (all three off, fans of 512): B+ fan at 10k / 50k / 1M, interleaved, twice; a BFS subset
# new / old twice; a PROF trace of the fan at 1M.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
V="--param ns=10000,50000,1000000 --param variants=bulk,grosr_fan"
OLD=GROSR_STEAL_LONE_NS=0,GROSR_PUSH_PAR=0,GROSR_MATCH_FAST=0
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
for rep in 1 2; do
  one new-$rep "" $V
  one l32-$rep GROSR_STEAL_LONE_NS=32000 $V
  one l0-$rep GROSR_STEAL_LONE_NS=0 $V
  one pp0-$rep GROSR_PUSH_PAR=0 $V
  one mf0-$rep GROSR_MATCH_FAST=0 $V
  one old-$rep $OLD $V --param fan_chunk=512
done
GROSR_PROF=1 one pf-new "" --param ns=1000000 --param variants=grosr_fan
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for v in new:"" old:$OLD new2:"" old2:$OLD; do
  GROSR_DEFINES=${v#*:} timeout 100 ./grosr bench c --out $R/c-${v%%:*} $FC > $R/c-${v%%:*}.log 2>&1; echo "c ${v%%:*} rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
