#!/usr/bin/env bash
# Session 9 run24: BFS GPU tests after the engine refactor; `grosr bench c --quick`; `grosr bfs` on a generated grid with every variant.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
GROSR_TEST_TIMEOUT=120 timeout 150 bash ./gpu-test $R/tests > $R/tests.out 2>&1; echo "tests rc=$?" >> $R/rc.txt
timeout 120 ./grosr bench c --quick --out $R/quick --watchdog-s 30 > $R/quick.log 2>&1; echo "quick rc=$?" >> $R/rc.txt
timeout 120 ./grosr bfs --gen grid:600x400 --source 123 --variant all --iters 3 > $R/bfs-cli.log 2>&1; echo "bfs cli rc=$?" >> $R/rc.txt
