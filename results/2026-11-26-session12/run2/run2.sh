#!/usr/bin/env bash
# Session 12 run2: BFS_AQ_FLAT as a separate instantiation of the step's rounds with shared-memory
# tables; BFS_BU_ADAPT (bottom-up span by graph size). Tests, then same-binary comparisons.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
for c in old new; do cuobjdump -res-usage cb/$c.cubin > $R/res-$c.txt 2>&1; done
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for i in 1 2; do for d in BFS_AQ_FLAT=0 BFS_AQ_FLAT=1; do
timeout 90 ./grosr bench c --out $R/g$i-$d $F --param graphs=rgg:1000000,grid:1000x1000,grid:4000x4000 --param defines=$d > $R/g$i-$d.log 2>&1; echo "g$i $d rc=$?" >> $R/rc.txt
done; done
timeout 60 ./grosr bench c --out $R/p-flat --watchdog-s 30 --param job_timeout_s=10 --iters 3 --param variants=grosr --param graphs=rgg:1000000 --param defines=BFS_PROF=1 > $R/p-flat.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
for d in BFS_AQ_FLAT=0 BFS_AQ_FLAT=1; do
timeout 40 ./grosr bench c --out $R/rw-$d $F --param graphs=real/world_railways.mtx.gz --param source=2347 --param defines=$d > $R/rw-$d.log 2>&1; echo "railways $d rc=$?" >> $R/rc.txt
timeout 40 ./grosr bench c --out $R/hw-$d $F --param graphs=real/world_highways.mtx.gz --param source=0 --param defines=$d > $R/hw-$d.log 2>&1; echo "highways $d rc=$?" >> $R/rc.txt
done
for i in 1 2; do for d in BFS_BU_ADAPT=0 BFS_BU_ADAPT=1; do
timeout 90 ./grosr bench c --out $R/lo$i-$d --watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr --param graphs=gnp:10000:0.01,rmat:18,rmat:20,rmat:22 --param defines=$d > $R/lo$i-$d.log 2>&1; echo "lo$i $d rc=$?" >> $R/rc.txt
done; done
timeout 60 ./grosr bench c --out $R/gnp-base --watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=coop_warp,grosr --param graphs=gnp:10000:0.01 > $R/gnp-base.log 2>&1; echo "gnp base rc=$?" >> $R/rc.txt
rm -rf $R/cache
