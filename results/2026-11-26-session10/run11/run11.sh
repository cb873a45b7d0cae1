#!/usr/bin/env bash
# Session 10 run11: the watch noinline (HEAD) / inline / off: BFS (grid, rgg, gnp, highways) and bench a.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5 --param variants=grosr"
G="grid:1000x1000,rgg:1000000:10:1,gnp:10000:0.01:1"
vc() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench c --out $R/c-$name $F --param graphs=$G > $R/c-$name.log 2>&1; echo "c $name rc=$?" >> $R/rc.txt
  env "$@" timeout 30 ./grosr bench c --out $R/h-$name $F --param graphs=real/world_highways.mtx.gz --param source=0 > $R/h-$name.log 2>&1; echo "h $name rc=$?" >> $R/rc.txt
  env "$@" timeout 60 ./grosr bench a --param ns=100 --out $R/a-$name --watchdog-s 15 --param job_timeout_s=8 > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }
for i in 1 2; do
vc noinl-$i X=1
vc inl-$i GROSR_DEFINES=GROSR_EXPRESS_WATCH_NOINLINE=0
vc off-$i GROSR_DEFINES=GROSR_EXPRESS_WATCH=0
done
