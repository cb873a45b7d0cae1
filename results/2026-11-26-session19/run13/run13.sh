#!/usr/bin/env bash
# Session 19 run13 (final build): the full bench c, the cooperative kernels at 1 block an SM, the
# real graphs with every variant; then grid 1000^2 alone in three more processes.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5"
timeout 200 ./grosr bench c --out $R/c $F > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
timeout 80 ./grosr bench c --out $R/c-coop1 $F --param variants=coop,coop_warp --param coop_per_sm=1 > $R/c-coop1.log 2>&1; echo "c coop1 rc=$?" >> $R/rc.txt
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
  timeout 40 ./grosr bench c --out $R/$g $F --param graphs=real/$g.mtx.gz --param source=$s > $R/$g.log 2>&1; echo "$g rc=$?" >> $R/rc.txt
  timeout 30 ./grosr bench c --out $R/$g-coop1 $F --param graphs=real/$g.mtx.gz --param source=$s --param variants=coop,coop_warp --param coop_per_sm=1 > $R/$g-coop1.log 2>&1; echo "$g coop1 rc=$?" >> $R/rc.txt
done
for rep in 1 2 3; do
  timeout 40 ./grosr bench c --out $R/grid1000-$rep --watchdog-s 30 --param job_timeout_s=30 --iters 9 --param variants=grosr --param graphs=grid:1000x1000 > $R/grid1000-$rep.log 2>&1; echo "grid1000 $rep rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
