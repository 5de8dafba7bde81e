# SPDX-License-Identifier: GPL-2.0-only
"""x86_64-snp: an unexpected exception prints vector, error code, RIP,
CR2 and the registers, then the CPU halts (QEMU keeps running, no more
prompt, no reboot)."""

import re

import pytest

from conftest import X86, image_span

REGS = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9",
        "r10", "r11", "r12", "r13", "r14", "r15"]


@pytest.mark.parametrize("kind,name,vector,error,cr2", [
    ("data", "#PF", 14, 0x0, 0x00007f0000000010),  # read, not present
    ("undef", "#UD", 6, 0x0, None),
    ("brk", "#BP", 3, 0x0, None),
])
def test_x86_fault_report(x86_boot, x86_image, kind, name, vector, error,
                          cr2):
    vm = x86_boot()
    vm.send_line(f"fault 0 {kind}")
    m = vm.expect(r"unexpected exception (#\w+) \(vector (\d+)\), error code "
                  r"0x([0-9a-f]+)")
    assert (m.group(1), int(m.group(2)), int(m.group(3), 16)) == \
        (name, vector, error)
    rep = vm.expect_exact("*** CPU halted")
    rip = int(re.search(r"rip 0x([0-9a-f]{16})", rep).group(1), 16)
    lo, hi = image_span(X86, x86_image)
    assert lo <= rip < hi
    got_cr2 = int(re.search(r"cr2 0x([0-9a-f]{16})", rep).group(1), 16)
    if cr2 is not None:
        assert got_cr2 == cr2
    for r in REGS:
        assert re.search(rf"\b{r}\s+0x[0-9a-f]{{16}}", rep), r
    # Halted: no prompt comes back, QEMU does not exit or reboot.
    vm.send_line("version")
    with pytest.raises(AssertionError):
        vm.expect_exact("minivisor#", timeout=1.0)
    assert vm.alive()
