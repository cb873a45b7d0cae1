#!/usr/bin/env bash
# Session 14 run9: without carried targets (BFS_AQ_CARRY=0) under optimistic claims: the carried
# targets' load now sits on the claims phase's path (no atomicMin round trip to hide it). Final
# build of run8, interleaved; PROF on grid 1000^2.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9 --param variants=grosr"
for i in 1 2; do for d in BFS_AQ_CARRY=1 BFS_AQ_CARRY=0; do n=$(echo $d | tr '=' '_')
timeout 60 ./grosr bench c --out $R/g$i-$n --param defines=$d $F --param graphs=grid:1000x1000,grid:4000x4000,rgg:1000000 > $R/g$i-$n.log 2>&1; echo "g$i $d rc=$?" >> $R/rc.txt
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g$i-$n $F --param defines=$d --param graphs=real/$g.mtx.gz --param source=$s > $R/$g$i-$n.log 2>&1; echo "$g$i $d rc=$?" >> $R/rc.txt
done; done; done
for d in 1 0; do
timeout 60 ./grosr bench c --out $R/prof-c$d $F --param defines=BFS_AQ_CARRY=$d+BFS_PROF=1 --param graphs=grid:1000x1000 > $R/prof-c$d.log 2>&1; echo "prof c$d rc=$?" >> $R/rc.txt
done
timeout 60 ./grosr bench c --out $R/cw1 --watchdog-s 30 --iters 9 --param variants=coop_warp --param coop_per_sm=1 --param graphs=grid:1000x1000 > $R/cw1.log 2>&1; echo "cw1 rc=$?" >> $R/rc.txt
rm -rf $R/cache
