#!/usr/bin/env bash
# Session 12 run1: the asynchronous mode's flat steps (BFS_AQ_FLAT, first form: shuffle-based owner
# search, per-step vote; commit 127ad31 has the later form): registers, BFS GPU tests, and bench c
# with BFS_AQ_FLAT=0 against =1 in one binary; a G(10k, 0.01) define sweep and a tiny graph.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
for c in old new; do cuobjdump -res-usage cb/$c.cubin 2>&1 | grep -B1 -A1 "grosr_scheduler\|REG" | head -8 > $R/res-$c.txt; done
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for d in BFS_AQ_FLAT=0 BFS_AQ_FLAT=1 BFS_AQ_FLAT=0 BFS_AQ_FLAT=1; do
timeout 90 ./grosr bench c --out $R/g-$d $F --param graphs=rgg:1000000,grid:1000x1000,grid:4000x4000 --param defines=$d >> $R/g-$d.log 2>&1; echo "g $d rc=$?" >> $R/rc.txt
done
for d in BFS_AQ_FLAT=0 BFS_AQ_FLAT=1; do
timeout 40 ./grosr bench c --out $R/rw-$d $F --param graphs=real/world_railways.mtx.gz --param source=2347 --param defines=$d > $R/rw-$d.log 2>&1; echo "railways $d rc=$?" >> $R/rc.txt
timeout 40 ./grosr bench c --out $R/hw-$d $F --param graphs=real/world_highways.mtx.gz --param source=0 --param defines=$d > $R/hw-$d.log 2>&1; echo "highways $d rc=$?" >> $R/rc.txt
done
for d in BFS_AQ_FLAT=0+BFS_PROF=1 BFS_AQ_FLAT=1+BFS_PROF=1; do
timeout 60 ./grosr bench c --out $R/p-$d --watchdog-s 30 --param job_timeout_s=10 --iters 3 --param variants=grosr --param graphs=rgg:1000000,grid:1000x1000 --param defines=$d > $R/p-$d.log 2>&1; echo "prof $d rc=$?" >> $R/rc.txt
done
timeout 60 ./grosr bench c --out $R/gnp-base --watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr,coop_warp,coop_barrier --param graphs=gnp:10000:0.01,chain:4,gnp:300:0.02 > $R/gnp-base.log 2>&1; echo "gnp base rc=$?" >> $R/rc.txt
for d in BFS_BU_DIV=0 BFS_BU_DIV=16 BFS_BU_DIV=256 BFS_ONE_BLOCK_EDGES=16384 BFS_CREW_ROUND=8 BFS_PROF=1; do
timeout 40 ./grosr bench c --out $R/gnp-$d --watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr --param graphs=gnp:10000:0.01 --param defines=$d > $R/gnp-$d.log 2>&1; echo "gnp $d rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
