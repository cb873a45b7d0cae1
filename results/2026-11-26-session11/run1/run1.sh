#!/usr/bin/env bash
# Session 11 run1: tile mode, first GPU contact: BFS GPU tests, the task-shared-memory runtime test, bench c grosr with the tile mode on/off.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
export GROSR_CACHE_DIR=$R/cache
rt=$(ls tests/runtime_gpu-* | head -1); bt=$(ls tests/bfs_gpu-* | head -1)
timeout 60 $rt block_tasks_own --include-ignored --test-threads=1 > $R/t-smem.log 2>&1; echo "smem rc=$?" >> $R/rc.txt
timeout 150 $bt tile_mode --include-ignored --test-threads=1 --nocapture > $R/t-tile.log 2>&1; echo "tile rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=20 --iters 5 --param variants=grosr"
G="--param graphs=grid:1000x1000,rgg:1000000,grid:4000x4000"
timeout 100 ./grosr bench c --out $R/c-tile $F $G > $R/c-tile.log 2>&1; echo "c tile rc=$?" >> $R/rc.txt
timeout 100 ./grosr bench c --out $R/c-notile $F $G --param defines=BFS_TILE=0 > $R/c-notile.log 2>&1; echo "c notile rc=$?" >> $R/rc.txt
for gs in world_railways:2347 world_highways:0; do g=${gs%:*}; s=${gs#*:}
timeout 40 ./grosr bench c --out $R/$g $F --param graphs=real/$g.mtx.gz --param source=$s > $R/$g.log 2>&1; echo "$g rc=$?" >> $R/rc.txt
done
timeout 200 $bt --include-ignored --test-threads=1 > $R/t-bfs.log 2>&1; echo "bfs tests rc=$?" >> $R/rc.txt
rm -rf $R/cache
