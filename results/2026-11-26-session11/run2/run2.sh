#!/usr/bin/env bash
# Session 11 run2: tile mode (a514419 + a hysteresis before a tile goes idle, BFS_TILE_IDLE_POLLS), grid 1000^2 and the real graphs, against the global mode (BFS_TILE=0) in the same binary.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
F="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr"
for d in BFS_TILE=0 BFS_TILE_IDLE_POLLS=1 BFS_TILE_IDLE_POLLS=64 BFS_TILE_IDLE_POLLS=1024 BFS_TILE_IDLE_POLLS=64+BFS_TILE_IDLE_NS=0; do
timeout 60 ./grosr-tile bench c --out $R/g-$d $F --param graphs=grid:1000x1000 --param defines=$d > $R/g-$d.log 2>&1; echo "grid $d rc=$?" >> $R/rc.txt
done
for d in BFS_TILE=0 BFS_TILE_IDLE_POLLS=64 BFS_TILE_IDLE_POLLS=1024; do
timeout 40 ./grosr-tile bench c --out $R/rw-$d $F --param graphs=real/world_railways.mtx.gz --param source=2347 --param defines=$d > $R/rw-$d.log 2>&1; echo "railways $d rc=$?" >> $R/rc.txt
timeout 40 ./grosr-tile bench c --out $R/hw-$d $F --param graphs=real/world_highways.mtx.gz --param source=0 --param defines=$d > $R/hw-$d.log 2>&1; echo "highways $d rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
