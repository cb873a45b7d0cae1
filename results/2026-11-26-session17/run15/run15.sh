#!/usr/bin/env bash
# Session 17 run15 (final build): compute-sanitizer racecheck and memcheck over small runtime tests
# (spawns, DAGs, block fans and their spawn_on pushes and steals, express tasks), then the 300 s
# soak (host-fed and device-spawned, checksummed) under the new stealing rule.
cd "$(dirname "$0")"
R=$OUT/r; mkdir -p $R
nvidia-smi > $R/nvidia-smi.txt 2>&1
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
rt=$(ls tests/runtime_gpu-* | head -1)
export GROSR_LINEINFO=1
for tool in racecheck memcheck; do
  timeout 100 "$CS" --tool "$tool" --report-api-errors no "$rt" fib_spawn random_dags warp_and_block express_submissions \
      --include-ignored --test-threads=1 > $R/sanitizer-$tool.log 2>&1; echo "$tool rc=$?" >> $R/rc.txt
done
unset GROSR_LINEINFO
GROSR_SOAK_SECS=300 GROSR_SOAK_TASKS=1e8 GROSR_TEST_TIMEOUT=340 timeout 350 bash ./gpu-test $R/soak soak_host_fed_and_device_spawned > $R/soak.log 2>&1; echo "soak rc=$?" >> $R/rc.txt
