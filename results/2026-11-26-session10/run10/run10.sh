#!/usr/bin/env bash
# Session 10 run10: which of this session's runtime changes slowed the BFS (grid 1000^2 5.4 against 4.3 ms, rgg 7.4 against 6.0)?
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5 --param variants=grosr"
G="grid:1000x1000,rgg:1000000:10:1,gnp:10000:0.01:1"
vc() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench c --out $R/c-$name $F --param graphs=$G > $R/c-$name.log 2>&1; echo "c $name rc=$?" >> $R/rc.txt
  env "$@" timeout 30 ./grosr bench c --out $R/h-$name $F --param graphs=real/world_highways.mtx.gz --param source=0 > $R/h-$name.log 2>&1; echo "h $name rc=$?" >> $R/rc.txt; }
for i in 1 2; do
vc head-$i X=1
vc nowatch-$i GROSR_DEFINES=GROSR_EXPRESS_WATCH=0
vc nofast-$i GROSR_DEFINES=GROSR_EXPRESS_WATCH=0,GROSR_EXPRESS_FAST=0
vc generic-$i GROSR_DEFINES=GROSR_GENERIC_ATOMICS=1
vc s9-$i GROSR_DEFINES=GROSR_GENERIC_ATOMICS=1,GROSR_EXPRESS_WATCH=0,GROSR_EXPRESS_FAST=0
done
