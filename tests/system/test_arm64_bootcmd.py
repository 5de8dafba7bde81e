# SPDX-License-Identifier: GPL-2.0-only
"""arm64: commands from /chosen/bootargs (`minivisor.bootcmd="..."`, set
with QEMU -append) run before the first prompt."""


def test_arm64_bootcmd_runs_before_prompt(arm64_boot):
    vm = arm64_boot(smp=2, append='minivisor.bootcmd="version; host cpu info"')
    log = vm.boot_log
    assert 'bootcmd: version; host cpu info' in log
    after = log.split("bootcmd:", 1)[1]
    assert "arm64" in after
    assert "cpu 1 online yes" in after
    assert after.index("cpu 1 online") < after.index("boot: ready")


def test_arm64_bootcmd_among_other_args(arm64_boot):
    vm = arm64_boot(append='console=ttyAMA0 minivisor.bootcmd=version quiet')
    assert "bootcmd: version" in vm.boot_log


def test_arm64_bootcmd_error_still_reaches_prompt(arm64_boot):
    vm = arm64_boot(append='minivisor.bootcmd="no-such-command; version"')
    log = vm.boot_log
    assert "error" in log
    assert "minivisor" in log.split("bootcmd:", 1)[1]
    assert "minivisor" in vm.cmd("version")


def test_arm64_bootcmd_unterminated_quote_is_ignored(arm64_boot):
    vm = arm64_boot(append='minivisor.bootcmd="version')
    assert "bootcmd: EINVAL" in vm.boot_log or "error: bootcmd" in vm.boot_log
    assert "minivisor" in vm.cmd("version")


def test_arm64_no_bootcmd(arm64_boot):
    vm = arm64_boot(append="console=ttyAMA0")
    assert "bootcmd" not in vm.boot_log
