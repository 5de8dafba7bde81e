#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run each cmocka test program given as an argument; print a final
# "unit: N passed, N failed" line; exit non-zero if any test failed.
set -u
passed=0
failed=0
bad=()
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	p=$(grep -Eo '\[  PASSED  \] [0-9]+' <<<"$out" | awk '{s+=$NF} END {print s+0}')
	f=$(grep -Eo '\[  FAILED  \] [0-9]+' <<<"$out" | awk '{s+=$NF} END {print s+0}')
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed (sanitizer report, abort) before cmocka's summary
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ $rc -ne 0 ]; then
		bad+=("$(basename "$t")")
		echo "$out" | tail -n 60
	fi
	printf '  %-28s %4d passed %4d failed\n' "$(basename "$t")" "$p" "$f"
done
[ ${#bad[@]} -gt 0 ] && echo "failing programs: ${bad[*]}"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
