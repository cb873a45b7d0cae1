#!/usr/bin/env bash
# Session 9 run21: where a grid hop's time goes: BFS_PROF with and without carried targets (the
# claims phase is then the atomicMin alone, the targets phase the next vertices' targets); keep 24.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
F="--watchdog-s 30 --param job_timeout_s=20"
timeout 60 ./grosr bench c --iters 2 --out $R/prof $F --param graphs=grid:1000x1000 --param variants=grosr --param defines=BFS_PROF=1 > $R/prof.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --iters 2 --out $R/prof-nocarry $F --param graphs=grid:1000x1000 --param variants=grosr --param defines=BFS_PROF=1+BFS_AQ_CARRY=0 > $R/prof-nocarry.log 2>&1; echo "prof-nocarry rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --iters 5 --out $R/keep24 $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr --param defines=BFS_AQ_KEEP=24 > $R/keep24.log 2>&1; echo "keep24 rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --iters 5 --out $R/def $F --param graphs=grid:1000x1000,rgg:1000000 --param variants=grosr > $R/def.log 2>&1; echo "def rc=$?" >> $R/rc.txt
