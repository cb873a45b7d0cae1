#!/usr/bin/env bash
# Session 14 run2: BFS_AQ_OPT with two-word ring slots (ring items carry their parent: every item
# gets the (label, parent) check) against BFS_AQ_OPT=0 in one binary; BFS GPU tests; PROF.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
G=chain:20000,grid:1000x1000,grid:4000x4000,gnp:10000:0.01,rmat:20,rgg:1000000
for i in 1 2; do for o in 1 0; do
timeout 100 ./grosr bench c --out $R/ab$i-o$o $F --param variants=grosr --param defines=BFS_AQ_OPT=$o --param graphs=$G > $R/ab$i-o$o.log 2>&1; echo "ab$i o$o rc=$?" >> $R/rc.txt
done; done
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g-o1 $F --param variants=grosr --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-o1.log 2>&1; echo "$g rc=$?" >> $R/rc.txt
done
for o in 1 0; do
timeout 60 ./grosr bench c --out $R/prof-o$o $F --param variants=grosr --param defines=BFS_AQ_OPT=$o+BFS_PROF=1 --param graphs=grid:1000x1000,rgg:1000000 > $R/prof-o$o.log 2>&1; echo "prof o$o rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
