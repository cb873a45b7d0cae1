#!/usr/bin/env bash
# Session 14 run6: BFS_AQ_OPT=2 (optimistic claims on graphs of <= 4 edges a vertex, exact on denser
# ones; A6 twins table removed) against 0 (always exact) and 1 (always optimistic), one binary,
# interleaved; real graphs; coop_warp at 2/SM and 1/SM in the same call; BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
G=chain:20000,grid:1000x1000,grid:4000x4000,gnp:10000:0.01,rmat:20,rgg:1000000
for i in 1 2; do for o in 2 0 1; do
[ $o = 1 ] && [ $i = 2 ] && continue
timeout 100 ./grosr bench c --out $R/ab$i-o$o $F --param variants=grosr --param defines=BFS_AQ_OPT=$o --param graphs=$G > $R/ab$i-o$o.log 2>&1; echo "ab$i o$o rc=$?" >> $R/rc.txt
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
[ $o = 1 ] && continue
timeout 40 ./grosr bench c --out $R/$g$i-o$o $F --param variants=grosr --param defines=BFS_AQ_OPT=$o --param graphs=real/$g.mtx.gz --param source=$s > $R/$g$i-o$o.log 2>&1; echo "$g$i o$o rc=$?" >> $R/rc.txt
done; done; done
timeout 120 ./grosr bench c --out $R/cw2 $F --param variants=coop_warp --param graphs=$G > $R/cw2.log 2>&1; echo "cw2 rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --out $R/cw1 $F --param variants=coop_warp --param coop_per_sm=1 --param graphs=$G > $R/cw1.log 2>&1; echo "cw1 rc=$?" >> $R/rc.txt
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g-cw $F --param variants=coop_warp --param coop_per_sm=1 --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-cw.log 2>&1; echo "$g cw rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
