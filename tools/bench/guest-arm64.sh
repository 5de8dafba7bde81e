#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# arm64 guest benchmarks on the `make run` machine (cortex-a57, GICv3,
# 2 CPUs, 512 MiB), each figure a median:
#   BENCH guest_create_64m <s> s        `guest create` of a guest with
#       64 MiB of RAM (2 MiB aligned, zeroed) and the 2 MiB test-guest
#       ROM, timed inside the hypervisor (`time`, CNTPCT): 3 boots x 5
#       create/destroy cycles, the first create of each boot excluded
#   BENCH guest_create_64m_cold <s> s   that first create after boot: it
#       also pays QEMU's first touch of the host pages behind guest RAM
#   BENCH guest_kick_to_prompt <s> s    from `guest kick guest0` until
#       "testguest>" is in its vserial, timed inside the hypervisor
#       (`time -w`), 9 runs
#   BENCH guest_hvc_rate <n> /s         MV_HC_PING round trips, the test
#       guest's `hvc 20000` report, 5 runs
#   BENCH guest_mmio_rate <n> /s        test-device reads, `mmio 20000`
#   BENCH guest_timer_irq_latency <us> us  virtual-timer interrupt
#       latency (compare value to the guest's handler), the average of
#       the test guest's `timer 200` with a GICv3 vGIC, 5 runs
#   BENCH guest_sgi_rate <n> /s         self-SGI round trips through the
#       vGIC (ICC_SGI1R_EL1 trap, list register), `sgi 5000`, 5 runs
# MV_ARM64_IMAGE=<elf> measures another image (no build then).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${MV_ARM64_IMAGE:-}" ]; then
	o=$top/build/arm64
	[ -f "$o/.config" ] || make -s -C "$top" O="$o" arm64_virt_defconfig >/dev/null
	make -s -C "$top" O="$o" >/dev/null
fi
image=${MV_ARM64_IMAGE:-$top/build/arm64/minivisor.elf}

exec /usr/bin/python3 - "$top" "$image" <<'PY'
import os, re, statistics, sys, tempfile

top, image = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(top, "tests", "system"))
from conftest import (ARM64, GuestShell, arm64_argv, guest_desc,
                      guests_dtb, write_bundle)
from mvqemu import MvQemu
from test_guest_irq import GIC_NODE

tmp = tempfile.mkdtemp(prefix="mv-guest-bench-")
bundle = write_bundle(tmp, [("guests.dtb", guests_dtb(
    [guest_desc("bench64", ram=64 << 20),
     guest_desc("benchirq", extra=GIC_NODE[3])], tmp))])
argv = arm64_argv(image, bundle=bundle, **ARM64.run)


def elapsed(out):
    return int(re.search(r"elapsed_ns (\d+)", out).group(1)) / 1e9


def rate(out, what):
    return int(re.search(r"%s: \d+ [\w ]+ in \d+ us, (\d+)/s" % what,
                         out).group(1))


cold, warm, kick, hvc, mmio, lat, sgi = [], [], [], [], [], [], []
for boot in range(3):
    with MvQemu(argv, timeout=30) as vm:
        vm.boot()
        gs = GuestShell(vm)
        for i in range(6):
            out = gs.cmd("time guest create bench64")
            assert "guest bench64 id" in out, out
            (warm if i else cold).append(elapsed(out))
            gs.destroy("bench64")
        for i in range(3):
            gs.create("guest0")
            kick.append(gs.kick("guest0"))
            if boot == 0 and i == 0:
                for _ in range(5):
                    hvc.append(rate(gs.run("guest0", "hvc 20000"), "hvc"))
                    mmio.append(rate(gs.run("guest0", "mmio 20000"),
                                     "mmio"))
            gs.destroy("guest0")
        if boot == 0:
            gs.create("benchirq")
            gs.kick("benchirq")
            for _ in range(5):
                out = gs.run("benchirq", "timer 200")
                assert "timer: 200 of 200" in out, out
                lat.append(int(re.search(r"latency avg (\d+) us",
                                         out).group(1)))
                sgi.append(rate(gs.run("benchirq", "sgi 5000"), "sgi"))
            gs.destroy("benchirq")

print(f"BENCH guest_create_64m {statistics.median(warm):.4f} s")
print(f"BENCH guest_create_64m_cold {statistics.median(cold):.4f} s")
print(f"BENCH guest_kick_to_prompt {statistics.median(kick):.4f} s")
print(f"BENCH guest_hvc_rate {int(statistics.median(hvc))} /s")
print(f"BENCH guest_mmio_rate {int(statistics.median(mmio))} /s")
print(f"BENCH guest_timer_irq_latency {statistics.median(lat)} us")
print(f"BENCH guest_sgi_rate {int(statistics.median(sgi))} /s")
PY
