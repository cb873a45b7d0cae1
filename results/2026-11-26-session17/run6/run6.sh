#!/usr/bin/env bash
# Session 17 run6: the lone-task rule (busy stamps, idle mark; GROSR_STEAL_LONE_NS=16000, default) against the rule
# off, interleaved, twice: A's latencies, B+ fan at 10k / 50k / 1M, B's tree and host-fed, a BFS
# subset; the runtime and BFS GPU tests.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
export GROSR_CACHE_DIR=$R/cache
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 30 --param job_timeout_s=10 --iters 9"
FC="--watchdog-s 30 --param job_timeout_s=10 --iters 7 --param variants=grosr --param graphs=chain:20000,grid:1000x1000,gnp:10000:0.01,rmat:20,rgg:1000000"
for rep in 1 2; do
for v in new:"" l0:GROSR_STEAL_LONE_NS=0; do
  n=${v%%:*}-$rep; export GROSR_DEFINES=${v#*:}
  timeout 60 ./grosr bench a --out $R/a-$n $F --param ns=100 > $R/a-$n.log 2>&1; echo "a $n rc=$?" >> $R/rc.txt
  timeout 60 ./grosr bench bplus --out $R/fan-$n $F --param ns=10000,50000,1000000 --param variants=bulk,grosr_fan > $R/fan-$n.log 2>&1; echo "fan $n rc=$?" >> $R/rc.txt
  [ $rep = 1 ] && { timeout 60 ./grosr bench b --out $R/b-$n $F --param ns=10000,1000000 --param variants=grosr_host,grosr_device > $R/b-$n.log 2>&1; echo "b $n rc=$?" >> $R/rc.txt; }
  timeout 100 ./grosr bench c --out $R/c-$n $FC > $R/c-$n.log 2>&1; echo "c $n rc=$?" >> $R/rc.txt
done
done
unset GROSR_DEFINES
mkdir -p $R/tests
for b in runtime_gpu bfs_gpu; do
  GROSR_SOAK_SECS=5 GROSR_SOAK_TASKS=1e8 timeout 150 tests/$b-* --include-ignored --test-threads 1 > $R/tests/$b.log 2>&1; echo "tests $b rc=$?" >> $R/rc.txt
done
rm -rf $R/cache
