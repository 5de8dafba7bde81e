# SPDX-License-Identifier: GPL-2.0-only
"""x86_64-snp: the shared core commands work on x86, and `snp status`
reports the native platform."""

from mvqemu import allkv, host_cpus, value


def test_x86_help_lists_commands(x86_vm):
    out = x86_vm.cmd("help")
    names = {l.split()[0] for l in out.splitlines() if l.strip()}
    for name in ("help", "host", "heap", "version", "poweroff", "snp",
                 "fault"):
        assert name in names, out


def test_x86_snp_status_native(x86_vm):
    st = allkv(x86_vm.cmd("snp status"))
    assert st["platform"] == "native"
    assert st["sev-status"] == 0
    assert st["sev-features"] == "none"
    assert st["cbit"] == "none"
    assert st["vmpl"] == "none"
    assert st["ghcb-version"] == "none"
    assert st["validated-pages"] == 0
    assert st["psc-requests"] == 0


def test_x86_snp_bad_subcommand(x86_vm):
    out = x86_vm.cmd("snp")
    assert out.startswith("error:") and "usage: snp status" in out
    out = x86_vm.cmd("snp status now")
    assert "error" in out
    out = x86_vm.cmd("snp nonsense")
    assert "error" in out and "nonsense" in out


def test_x86_host_info(x86_vm):
    info = x86_vm.cmd("host info")
    assert value(info, "arch") == "x86_64-snp"
    assert value(info, "cpus") == 1
    assert value(info, "platform") == "native"
    assert value(info, "tsc-hz") > 10_000_000
    assert value(info, "pgtable-pool-used") <= value(info,
                                                     "pgtable-pool-size")


def test_x86_host_cpu_info(x86_vm):
    cpus = host_cpus(x86_vm)
    assert len(cpus) == 1
    assert cpus[0]["online"] == "yes"
    assert cpus[0]["vendor"] == "AuthenticAMD"  # -cpu EPYC-Milan


def test_x86_heap_info(x86_vm):
    heap = allkv(x86_vm.cmd("heap info"))
    assert heap["size"] == 8192 * 1024
    assert heap["free"] <= heap["size"]


def test_x86_vapool_info(x86_vm):
    vp = allkv(x86_vm.cmd("host vapool info"))
    assert vp["base"] == 0x100000000000
