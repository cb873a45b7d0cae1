#!/usr/bin/env bash
# Session 15 run11: kept items start before the level's counts arrive (./grosr) against run10's build
# (old/grosr), interleaved; coop_warp beside; BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 200 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9 --param graphs=rgg:1000000"
run() { n=$1; b=$2; shift 2; timeout 100 $b bench c --out $R/$n "$@" > $R/$n.log 2>&1; echo "$n rc=$?" >> $R/rc.txt; }
for r in a b c; do
run new-$r ./grosr $F --param variants=grosr
run old-$r ./old/grosr $F --param variants=grosr
run cw-$r ./grosr $F --param variants=coop_warp
done
run prof ./grosr $F --param variants=grosr --param defines=BFS_PROF=1
rm -rf $R/cache
