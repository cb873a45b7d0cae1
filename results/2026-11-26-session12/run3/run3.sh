#!/usr/bin/env bash
# Session 12 run3: BFS_AQ_FLAT decided by the previous step's vote (no extra vote a step); crew spare
# members (BFS_CREW_SPARE) sweep. Tests, then same-binary comparisons.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for i in 1 2; do for d in BFS_AQ_FLAT=0 BFS_AQ_FLAT=1; do
timeout 90 ./grosr bench c --out $R/g$i-$d $F --param graphs=rgg:1000000,grid:1000x1000,grid:4000x4000 --param defines=$d > $R/g$i-$d.log 2>&1; echo "g$i $d rc=$?" >> $R/rc.txt
timeout 40 ./grosr bench c --out $R/rw$i-$d $F --param graphs=real/world_railways.mtx.gz --param source=2347 --param defines=$d > $R/rw$i-$d.log 2>&1; echo "railways $d rc=$?" >> $R/rc.txt
timeout 40 ./grosr bench c --out $R/hw$i-$d $F --param graphs=real/world_highways.mtx.gz --param source=0 --param defines=$d > $R/hw$i-$d.log 2>&1; echo "highways $d rc=$?" >> $R/rc.txt
done; done
timeout 60 ./grosr bench c --out $R/p-flat --watchdog-s 30 --param job_timeout_s=10 --iters 3 --param variants=grosr --param graphs=rgg:1000000,grid:1000x1000 --param defines=BFS_PROF=1 > $R/p-flat.log 2>&1; echo "prof rc=$?" >> $R/rc.txt
n=0; for d in BFS_CREW_SPARE=1 BFS_CREW_SPARE=2 BFS_CREW_SPARE=4 BFS_CREW_SPARE=8 BFS_CREW_SPARE=1; do n=$((n+1))
timeout 90 ./grosr bench c --out $R/sp$n-$d --watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr --param graphs=gnp:10000:0.01,rmat:18,rmat:20,rmat:22,rgg:1000000 --param defines=$d > $R/sp$n-$d.log 2>&1; echo "spare $d rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
