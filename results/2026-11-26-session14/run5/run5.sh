#!/usr/bin/env bash
# Session 14 run5: A6 twins (a warp's candidates with one target claim once) under BFS_AQ_OPT=2 and 1,
# against twins off and BFS_AQ_OPT=0, one binary; BFS GPU tests; PROF on grid 1000^2 and rgg.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7"
G=chain:20000,grid:1000x1000,grid:4000x4000,gnp:10000:0.01,rmat:20,rgg:1000000
for i in 1 2; do for o in OPT=2 OPT=1 OPT=1+BFS_AQ_TWINS=0 OPT=0; do
n=$(echo $o | tr '=+' '__')
timeout 100 ./grosr bench c --out $R/ab$i-$n $F --param variants=grosr --param defines=BFS_AQ_$o --param graphs=$G > $R/ab$i-$n.log 2>&1; echo "ab$i $n rc=$?" >> $R/rc.txt
done; done
for o in OPT=2 OPT=1 OPT=0; do n=$(echo $o | tr '=+' '__')
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g-$n $F --param variants=grosr --param defines=BFS_AQ_$o --param graphs=real/$g.mtx.gz --param source=$s > $R/$g-$n.log 2>&1; echo "$g $n rc=$?" >> $R/rc.txt
done; done
for o in 2 1; do
timeout 60 ./grosr bench c --out $R/prof-o$o $F --param variants=grosr --param defines=BFS_AQ_OPT=$o+BFS_PROF=1 --param graphs=grid:1000x1000,rgg:1000000 > $R/prof-o$o.log 2>&1; echo "prof o$o rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
