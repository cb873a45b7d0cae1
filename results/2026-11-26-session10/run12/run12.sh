#!/usr/bin/env bash
# Session 10 run12: rgg's two modes (5.95 / 7.3 ms) with the watch compiled in (noinline, HEAD) against off: BFS_PROF counters.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=30 --iters 8 --param variants=grosr"
vc() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench c --out $R/c-$name $F --param graphs=rgg:1000000:10:1 > $R/c-$name.log 2>&1; echo "c $name rc=$?" >> $R/rc.txt
  env "$@" timeout 60 ./grosr bench c --out $R/p-$name $F --param graphs=rgg:1000000:10:1 --param defines=BFS_PROF=1 > $R/p-$name.log 2>&1; echo "p $name rc=$?" >> $R/rc.txt; }
for i in 1 2 3; do
vc noinl-$i X=1
vc off-$i GROSR_DEFINES=GROSR_EXPRESS_WATCH=0
done
