#!/usr/bin/env bash
# Session 9 run2: Exp C asynchronous mode: inline hops 0/2/8/32; rework and iteration counts; GROSR_PROF.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=30 --iters 3"
G="grid:1000x1000,rgg:1000000"
for k in 0 2 8 32; do
timeout 60 ./grosr bench c --out $R/in$k $F --param graphs=$G --param variants=grosr --param defines=BFS_ASYNC_INLINE=$k > $R/in$k.log 2>&1; echo "in$k rc=$?" >> $R/rc.txt
done
timeout 60 ./grosr bench c --out $R/sync $F --param graphs=$G --param variants=grosr --param defines=BFS_ASYNC_LEVEL=0 > $R/sync.log 2>&1; echo "sync rc=$?" >> $R/rc.txt
GROSR_PROF=1 timeout 60 ./grosr bench c --out $R/prof $F --param graphs=grid:1000x1000 --param variants=grosr > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
GROSR_PROF=1 timeout 60 ./grosr bench c --out $R/profsync $F --param graphs=grid:1000x1000 --param variants=grosr --param defines=BFS_ASYNC_LEVEL=0 > $R/profsync.log 2>&1; echo "profsync rc=$?" >> $R/rc.txt
