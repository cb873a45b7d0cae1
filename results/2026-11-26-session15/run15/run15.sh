#!/usr/bin/env bash
# Session 15 run15: grid-barrier arrivals spread over BFS_BAR_SPREAD words on separate lines
# (default 1), for the barrier mode and coop_warp, rgg and grid 1000^2; BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9 --param graphs=rgg:1000000"
run() { n=$1; shift; timeout 100 ./grosr bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b; do for sp in 1 4 8; do
run g$sp$r $F --param variants=grosr --param defines=BFS_BAR_SPREAD=$sp
run cw$sp$r $F --param variants=coop_warp --param defines=BFS_BAR_SPREAD=$sp
done; done
for sp in 1 4; do
run grid$sp --watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=coop_warp --param coop_per_sm=1 --param graphs=grid:1000x1000,chain:20000 --param defines=BFS_BAR_SPREAD=$sp
done
rm -rf $R/cache
