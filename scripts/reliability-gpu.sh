#!/usr/bin/env bash
# On the GPU machine (staged by `scripts/reliability stage` into .gpu/): the GPU part of the
# reliability suite. Writes logs into OUT; a test killed by `timeout` is logged as "HANG <name>".
cd "$(dirname "$0")"
out="${1:?usage: reliability-gpu.sh OUT}"; mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader > "$out/device.txt" 2>/dev/null || true
rel=$(ls tests/reliability_gpu-* | head -1)
soak_limit=$(( ${GROSR_SOAK_SECS:-300} + 600 ))
run() {  # name limit cmd...
    local name="$1" limit="$2"; shift 2
    timeout "$limit" "$@" > "$out/$name.log" 2>&1
    local rc=$?
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then echo "HANG $name (killed after $limit s)" >> "$out/$name.log"; fi
    echo "$name: rc=$rc"
}
# GROSR_RELIABILITY_PARTS picks parts (default: all four), e.g. "soak" or "churn faults sanitizers".
parts=" ${GROSR_RELIABILITY_PARTS:-soak churn faults sanitizers} "
want() { [[ "$parts" == *" $1 "* ]]; }
want soak && run soak "$soak_limit" "$rel" soak_host_fed_and_device_spawned --exact --include-ignored --nocapture
want churn && run churn 1200 "$rel" lifecycle_churn --exact --include-ignored --nocapture
want faults && run faults 600 "$rel" fault_injection --exact --include-ignored --nocapture
want sanitizers || exit 0
CS=$(ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
if [ -n "$CS" ]; then
    rt=$(ls tests/runtime_gpu-* | head -1); al=$(ls tests/alloc_gpu-* | head -1)
    for tool in memcheck racecheck synccheck initcheck; do
        {
            export GROSR_LINEINFO=1  # findings name the source line
            timeout 900 "$CS" --tool "$tool" --report-api-errors no "$rt" fib_spawn random_dags warp_and_block failing_task waits_work \
                --include-ignored --test-threads=1
            timeout 900 "$CS" --tool "$tool" --report-api-errors no "$al" small_ --include-ignored --test-threads=1
        } > "$out/sanitizer-$tool.log" 2>&1
        echo "sanitizer $tool: $(grep -c 'SUMMARY' "$out/sanitizer-$tool.log") summaries"
    done
else
    echo "compute-sanitizer not found" | tee "$out/sanitizer-missing.log"
fi
