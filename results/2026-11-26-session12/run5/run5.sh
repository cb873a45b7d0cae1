#!/usr/bin/env bash
# Session 12 run5: the asynchronous mode back to HEAD's code; adaptive bottom-up span and crew spares (BFS_CREW_SPARE 4, and 1 through defines) against HEAD (grosr-head), interleaved; a BFS_TRACE timeline of G(10k, 0.01).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for i in 1 2; do for c in head new sp1; do
b=./grosr; D=""; [ $c = head ] && b=./grosr-head; [ $c = sp1 ] && D="--param defines=BFS_CREW_SPARE=1"
timeout 100 $b bench c --out $R/ab$i-$c $F $D --param graphs=grid:1000x1000,grid:4000x4000,rgg:1000000,gnp:10000:0.01,rmat:18,rmat:20,rmat:22 > $R/ab$i-$c.log 2>&1; echo "ab$i $c rc=$?" >> $R/rc.txt
timeout 40 $b bench c --out $R/rw$i-$c $F $D --param graphs=real/world_railways.mtx.gz --param source=2347 > $R/rw$i-$c.log 2>&1; echo "rw$i $c rc=$?" >> $R/rc.txt
timeout 40 $b bench c --out $R/hw$i-$c $F $D --param graphs=real/world_highways.mtx.gz --param source=0 > $R/hw$i-$c.log 2>&1; echo "hw$i $c rc=$?" >> $R/rc.txt
done; done
timeout 60 ./grosr bench c --out $R/trace --watchdog-s 30 --param job_timeout_s=10 --iters 5 --param variants=grosr --param graphs=gnp:10000:0.01 --param defines=BFS_TRACE=1 > $R/trace.log 2>&1; echo "trace rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/trace1 --watchdog-s 30 --param job_timeout_s=10 --iters 5 --param variants=grosr --param graphs=gnp:10000:0.01 --param defines=BFS_TRACE=1+BFS_CREW_SPARE=1+BFS_BU_ADAPT=0 > $R/trace1.log 2>&1; echo "trace1 rc=$?" >> $R/rc.txt
rm -rf $R/cache
