#!/usr/bin/env bash
# Session 10 run19: BFS with global-space 64-bit atomics (HEAD) against CUDA's generic ones (GROSR_GENERIC_ATOMICS=1); BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
F="--watchdog-s 30 --param job_timeout_s=30 --iters 5 --param variants=grosr"
G="grid:1000x1000,grid:4000x4000,rgg:1000000:10:1,chain:20000,gnp:10000:0.01:1,rmat:22:16:1"
vc() { local name=$1; shift
  env "$@" timeout 90 ./grosr bench c --out $R/c-$name $F --param graphs=$G > $R/c-$name.log 2>&1; echo "c $name rc=$?" >> $R/rc.txt
  env "$@" timeout 30 ./grosr bench c --out $R/h-$name $F --param graphs=real/world_highways.mtx.gz --param source=0 > $R/h-$name.log 2>&1; echo "h $name rc=$?" >> $R/rc.txt
  env "$@" timeout 30 ./grosr bench c --out $R/r-$name $F --param graphs=real/world_railways.mtx.gz --param source=2347 > $R/r-$name.log 2>&1; echo "r $name rc=$?" >> $R/rc.txt; }
for i in 1 2; do vc glob-$i X=1; vc gen-$i GROSR_DEFINES=GROSR_GENERIC_ATOMICS=1; done
