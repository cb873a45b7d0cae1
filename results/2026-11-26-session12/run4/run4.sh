#!/usr/bin/env bash
# Session 12 run4: BFS tests, then HEAD (d0d4a25, = session 10's cubins: grosr-head) against this build (flat steps chosen per BFS by average degree, adaptive bottom-up span, crew spare 4: commit 127ad31), interleaved.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for i in 1 2; do for c in grosr-head grosr; do
b=./$c; D=""
timeout 100 $b bench c --out $R/ab$i-$c $F $D --param graphs=grid:1000x1000,grid:4000x4000,rgg:1000000,gnp:10000:0.01,rmat:18,rmat:20,rmat:22 > $R/ab$i-$c.log 2>&1; echo "ab$i $c rc=$?" >> $R/rc.txt
timeout 40 $b bench c --out $R/rw$i-$c $F $D --param graphs=real/world_railways.mtx.gz --param source=2347 > $R/rw$i-$c.log 2>&1; echo "rw$i $c rc=$?" >> $R/rc.txt
timeout 40 $b bench c --out $R/hw$i-$c $F $D --param graphs=real/world_highways.mtx.gz --param source=0 > $R/hw$i-$c.log 2>&1; echo "hw$i $c rc=$?" >> $R/rc.txt
done; done

rm -rf $R/cache
