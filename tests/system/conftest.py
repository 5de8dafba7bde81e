# SPDX-License-Identifier: GPL-2.0-only
"""Fixtures for the QEMU system tests.

The arm64 image is built into build/arm64 by `make build-all` before
pytest runs (MV_ARM64_IMAGE=<elf> tests another one). Every booted QEMU
is stopped when its test (or module) ends.
"""

import os
import shlex
import subprocess

import pytest

from mvqemu import MvQemu

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
QEMU_ARM64 = os.path.join(SRC, "tools", "qemu-arm64.sh")

# The configuration of `make run`.
ARM64_DEFAULT = dict(gic=3, smp=2, mem="512M", cpu="cortex-a57", banks=1)


def arm64_image_path():
    """The ELF the arm64 tests boot."""
    return os.environ.get("MV_ARM64_IMAGE",
                          os.path.join(SRC, "build", "arm64", "minivisor.elf"))


def arm64_argv(image, gic=3, smp=2, mem="512M", cpu="cortex-a57", banks=1,
               append=None, extra=()):
    """QEMU argv from tools/qemu-arm64.sh (serial on plain stdio)."""
    cmd = ["bash", QEMU_ARM64, "--dry-run", "--stdio", "--image", image,
           "--gic", str(gic), "--smp", str(smp), "--mem", str(mem),
           "--cpu", cpu, "--banks", str(banks)]
    if append is not None:
        cmd += ["--append", append]
    out = subprocess.run(cmd + ["--", *extra], check=True, text=True,
                         capture_output=True).stdout
    return shlex.split(out)


@pytest.fixture(scope="session")
def arm64_image():
    """Path of the arm64 image; fails the test clearly if it is missing."""
    path = arm64_image_path()
    if not os.path.isfile(path):
        pytest.fail(f"no arm64 image at {path}: run `make build-all` "
                    "(or `make O=build/arm64 arm64_virt_defconfig all`)",
                    pytrace=False)
    return path


@pytest.fixture
def arm64_boot(arm64_image):
    """Factory: arm64_boot(gic=3, smp=2, mem=..., wait=True, ...) -> MvQemu.

    With wait=False QEMU is only started (for tests that expect no
    prompt). Every VM is closed when the test ends.
    """
    vms = []

    def boot(wait=True, timeout=10.0, **kw):
        vm = MvQemu(arm64_argv(arm64_image, **kw), timeout=timeout)
        vms.append(vm)
        if wait:
            vm.boot()
        else:
            vm.start()
        return vm

    yield boot
    for vm in vms:
        vm.close()


@pytest.fixture(scope="module")
def arm64_vm(arm64_image):
    """One VM in the `make run` configuration, shared by a module."""
    vm = MvQemu(arm64_argv(arm64_image, **ARM64_DEFAULT))
    vm.boot()
    yield vm
    vm.close()
