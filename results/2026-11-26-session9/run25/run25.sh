#!/usr/bin/env bash
# Session 9 run25: Exp C on real graphs (scripts/real-graphs: world_railways from 2347, world_highways from 0), every variant, coop at 2 and 1 per SM.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 150 ./grosr bench c --out $R/rail $F --param graphs=real/world_railways.mtx.gz --param source=2347 > $R/rail.log 2>&1; echo "rail rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/rail-coop1 $F --param graphs=real/world_railways.mtx.gz --param source=2347 --param variants=coop --param coop_per_sm=1 > $R/rail-coop1.log 2>&1; echo "rail coop1 rc=$?" >> $R/rc.txt
timeout 150 ./grosr bench c --out $R/hwy $F --param graphs=real/world_highways.mtx.gz --param source=0 > $R/hwy.log 2>&1; echo "hwy rc=$?" >> $R/rc.txt
timeout 60 ./grosr bench c --out $R/hwy-coop1 $F --param graphs=real/world_highways.mtx.gz --param source=0 --param variants=coop --param coop_per_sm=1 > $R/hwy-coop1.log 2>&1; echo "hwy coop1 rc=$?" >> $R/rc.txt
rm -rf $R/cache
