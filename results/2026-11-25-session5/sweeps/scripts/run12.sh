#!/usr/bin/env bash
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
timeout 170 ./grosr bench c --iters 3 --out $R/c > $R/c.log 2>&1; echo "c rc=$?" >> $R/rc.txt
cd $OUT && tar czf o.tgz r
