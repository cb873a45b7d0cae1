#!/usr/bin/env bash
# Session 19 run20 (final build, as run19): the real graphs with every variant, and the cooperative
# kernels at 1 block an SM.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
  timeout 40 ./grosr bench c --out $R/$g $F --param graphs=real/$g.mtx.gz --param source=$s > $R/$g.log 2>&1; echo "$g rc=$?" >> $R/rc.txt
  timeout 30 ./grosr bench c --out $R/$g-coop1 $F --param graphs=real/$g.mtx.gz --param source=$s --param variants=coop,coop_warp --param coop_per_sm=1 > $R/$g-coop1.log 2>&1; echo "$g coop1 rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
