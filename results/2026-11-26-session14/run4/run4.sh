#!/usr/bin/env bash
# Session 14 run4: BFS_AQ_OPT=2 with exact claims that make items on a lower parent too (run3 lost expansions), (optimistic rounds unless the round overflows the warp's 32 items)
# against 1 (always optimistic) and 0 (returning atomicMin), one binary; BFS GPU tests; PROF.
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
done; done
for o in 2 0; do
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g-o$o $F --param variants=grosr --param defines=BFS_AQ_OPT=$o --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-o$o.log 2>&1; echo "$g o$o rc=$?" >> $R/rc.txt
done; done
timeout 60 ./grosr bench c --out $R/prof-o1 $F --param variants=grosr --param defines=BFS_AQ_OPT=1+BFS_PROF=1 --param graphs=grid:1000x1000 > $R/prof-o1.log 2>&1; echo "prof o1 rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/prof-o2 $F --param variants=grosr --param defines=BFS_AQ_OPT=2+BFS_PROF=1 --param graphs=grid:1000x1000,rgg:1000000 > $R/prof-o2.log 2>&1; echo "prof o2 rc=$?" >> $R/rc.txt

rm -rf $R/cache
