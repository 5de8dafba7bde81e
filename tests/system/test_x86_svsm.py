# SPDX-License-Identifier: GPL-2.0-only
"""x86_64-snp: `svsm status` on the native platform (QEMU 7.2 has no
SNP, so there is no lower-VMPL guest: the SVSM protocol is configured
from the device tree but not served; the request path is tested on the
host against the SNP model, tests/unit/test_svsm_*.c)."""


def status(vm):
    """`svsm status` -> ({key: value}, {call name: count}, [error lines])."""
    out = vm.cmd("svsm status")
    single, calls, errors = {}, {}, []
    for line in out.splitlines():
        w = line.split()
        if not w:
            continue
        if w[0] == "call":
            calls[w[1]] = int(w[2])
        elif w[0] == "error":
            errors.append(line)
        else:
            single[w[0]] = " ".join(w[1:])
    return single, calls, errors


def test_x86_help_lists_svsm(x86_vm):
    out = x86_vm.cmd("help")
    assert "svsm" in {l.split()[0] for l in out.splitlines() if l.strip()}


def test_x86_svsm_status_native(x86_vm):
    st, calls, errors = status(x86_vm)
    assert st["active"] == "no"
    assert st["guest-region"] == "0x2000000-0x3ffffff"  # dts /svsm
    assert st["guest-vmpl"] == "1"
    assert st["protocols"] == "none"
    assert st["calls"] == "0"
    assert st["not-pending"] == "0"
    assert st["vcpus"] == "0"
    assert st["guest-validated-pages"] == "0"
    assert set(calls) == {
        "core.remap-ca", "core.pvalidate", "core.create-vcpu",
        "core.delete-vcpu", "core.deposit-mem", "core.withdraw-mem",
        "core.query-protocol", "core.configure-vtom", "unsupported"}
    assert all(n == 0 for n in calls.values())
    assert errors == []


def test_x86_svsm_bad_subcommand(x86_vm):
    out = x86_vm.cmd("svsm")
    assert out.startswith("error:") and "usage: svsm status" in out
    assert "error" in x86_vm.cmd("svsm status now")
    out = x86_vm.cmd("svsm nonsense")
    assert "error" in out and "nonsense" in out
