#!/usr/bin/env bash
# Session 12 run9: bfs_warp_levels compiled on its own (BFS_WARP_NOINLINE=1) against =0 and HEAD (grosr-head), interleaved; then the full bench c of this build (as run10's tail).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for i in 1 2; do for c in head new wn0; do
b=./grosr; D=""; [ $c = head ] && b=./grosr-head; [ $c = wn0 ] && D="--param defines=BFS_WARP_NOINLINE=0"
timeout 100 $b bench c --out $R/ab$i-$c $F $D --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20 > $R/ab$i-$c.log 2>&1; echo "ab$i $c rc=$?" >> $R/rc.txt
timeout 40 $b bench c --out $R/rw$i-$c $F $D --param graphs=real/world_railways.mtx.gz --param source=2347 > $R/rw$i-$c.log 2>&1; echo "rw$i $c rc=$?" >> $R/rc.txt
done; done
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 200 ./grosr bench c --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-coop1 $F --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g $F --param graphs=real/$g.mtx.gz --param source=$s > $R/$g.log 2>&1; echo "$g rc=$?" >> $R/rc.txt
timeout 30 ./grosr bench c --out $R/$g-coop1 $F --param graphs=real/$g.mtx.gz --param source=$s --param variants=coop,coop_warp --param coop_per_sm=1 > $R/$g-coop1.log 2>&1; echo "$g coop1 rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
