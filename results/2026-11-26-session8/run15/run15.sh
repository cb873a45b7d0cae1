#!/usr/bin/env bash
# Session 8 run15: the express run split further (GROSR_PROF).
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
F="--watchdog-s 15 --param job_timeout_s=8"
va() { local name=$1; shift
  env "$@" timeout 60 ./grosr bench a --param ns=1000 --out $R/a-$name $F > $R/a-$name.log 2>&1; echo "a $name rc=$?" >> $R/rc.txt; }
va prof-1 GROSR_PROF=1
va head-1 X=1
va prof-2 GROSR_PROF=1
va head-2 X=1
