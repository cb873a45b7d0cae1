#!/usr/bin/env bash
# Session 17 run2: GROSR_STEAL_LONE_NS (4000 / 16000), GROSR_PUSH_PAR, GROSR_MATCH_FAST on B+'s fan
# (one fan per block by default) at 10k / 50k / 1M, interleaved; PROF trace of the candidate; BFS
# subset base / candidate; runtime and BFS GPU tests with the candidate's defines.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
V="--param ns=10000,50000,1000000 --param variants=bulk,grosr_fan"
CAND=GROSR_STEAL_LONE_NS=4000,GROSR_PUSH_PAR=1,GROSR_MATCH_FAST=1
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
for rep in 1 2; do
  one base-$rep "" $V
  one l4-$rep GROSR_STEAL_LONE_NS=4000 $V
  one l4p-$rep GROSR_STEAL_LONE_NS=4000,GROSR_PUSH_PAR=1 $V
  one cand-$rep $CAND $V
  one l16pm-$rep GROSR_STEAL_LONE_NS=16000,GROSR_PUSH_PAR=1,GROSR_MATCH_FAST=1 $V
  one mf-$rep GROSR_MATCH_FAST=1 $V
done
one c1024-cand $CAND $V --param fan_chunk=1024
GROSR_PROF=1 one pf-cand $CAND --param ns=1000000 --param variants=grosr_fan
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for v in base:"" cand:$CAND base2:"" cand2:$CAND; do
  GROSR_DEFINES=${v#*:} timeout 100 ./grosr bench c --out $R/c-${v%%:*} $FC > $R/c-${v%%:*}.log 2>&1; echo "c ${v%%:*} rc=$?" >> $R/rc.txt
done
mkdir -p $R/tests
for b in runtime_gpu bfs_gpu runtime_fault_gpu; do
  GROSR_DEFINES=$CAND GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 timeout 150 tests/$b-* --include-ignored --test-threads 1 --skip child_ > $R/tests/$b.log 2>&1; echo "tests $b rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
