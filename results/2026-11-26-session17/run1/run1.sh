#!/usr/bin/env bash
# Session 17 run1: scheduler toggles on B's fan at 1M (chunks 1024 and 1894), interleaved:
# GROSR_PUSH_PAR=1, GROSR_STEAL_MIN=2, GROSR_LOAD_SKIP_CYCLES=4000, all three; PROF traces (base, all);
# a BFS subset base / all; runtime GPU tests with all three on.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
V="--param ns=1000000 --param variants=bulk,grosr_fan"
ALL=GROSR_PUSH_PAR=1,GROSR_STEAL_MIN=2,GROSR_LOAD_SKIP_CYCLES=4000
one() { local name=$1 defs=$2; shift 2
  GROSR_DEFINES=$defs timeout 60 ./grosr bench bplus --out $R/$name $F "$@" > $R/$name.log 2>&1; echo "$name rc=$?" >> $R/rc.txt; }
for rep in 1 2; do
for c in 1024 1894; do
  one base-c$c-$rep "" $V --param fan_chunk=$c
  if [ $rep = 1 ]; then
  one pp-c$c-$rep GROSR_PUSH_PAR=1 $V --param fan_chunk=$c
  one sm-c$c-$rep GROSR_STEAL_MIN=2 $V --param fan_chunk=$c
  one ls-c$c-$rep GROSR_LOAD_SKIP_CYCLES=4000 $V --param fan_chunk=$c
  fi
  one all-c$c-$rep $ALL $V --param fan_chunk=$c
done
done
GROSR_PROF=1 one pf-base-c1894 "" --param ns=1000000 --param variants=grosr_fan --param fan_chunk=1894
GROSR_PROF=1 one pf-all-c1894 $ALL --param ns=1000000 --param variants=grosr_fan --param fan_chunk=1894
GROSR_PROF=1 one pf-all-c1024 $ALL --param ns=1000000 --param variants=grosr_fan --param fan_chunk=1024
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for v in base:"" all:$ALL; do
  GROSR_DEFINES=${v#*:} timeout 100 ./grosr bench c --out $R/c-${v%%:*} $FC > $R/c-${v%%:*}.log 2>&1; echo "c ${v%%:*} rc=$?" >> $R/rc.txt
done
mkdir -p $R/tests
for t in tests/runtime_gpu-*; do
  GROSR_DEFINES=$ALL GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 timeout 200 $t --include-ignored --test-threads 1 > $R/tests/runtime-all.log 2>&1; echo "tests all rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
