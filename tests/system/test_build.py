# SPDX-License-Identifier: GPL-2.0-only
"""The build system: Kconfig configuration, out-of-tree builds, V=1,
defconfig round trips, the dependency bootstrap and `make help`."""

import os
import re
import subprocess

import pexpect
import pytest

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFCONFIGS = ["arm64_virt_defconfig", "x86_64_snp_defconfig", "fake_defconfig",
              "fake_bench_defconfig"]


def make(*args, check=True, env=None):
    """Run make in the source tree; return the CompletedProcess."""
    proc = subprocess.run(["make", "-C", SRC, *args], capture_output=True,
                          text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} failed:\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def configure(tmp_path, defconfig):
    out = tmp_path / "o"
    make(f"O={out}", defconfig)
    return out


def test_build_without_config_says_what_to_run(tmp_path):
    proc = make(f"O={tmp_path}/none", check=False)
    assert proc.returncode != 0
    text = proc.stdout + proc.stderr
    assert "is not configured" in text
    assert "make arm64_virt_defconfig" in text


def test_unknown_defconfig_is_refused(tmp_path):
    proc = make(f"O={tmp_path}/o", "nosuch_defconfig", check=False)
    assert proc.returncode != 0
    assert "no such defconfig" in proc.stdout + proc.stderr


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_defconfig_generates_autoconf(tmp_path, defconfig):
    out = configure(tmp_path, defconfig)
    arch = {"arm64_virt_defconfig": "ARM64",
            "x86_64_snp_defconfig": "X86_64_SNP",
            "fake_defconfig": "FAKE",
            "fake_bench_defconfig": "FAKE"}[defconfig]
    header = read(out / "include/generated/autoconf.h")
    assert f"#define CONFIG_ARCH_{arch} 1" in header
    assert re.search(r"#define CONFIG_HOST_RAM_MAX_BANKS \d+", header)
    autoconf = read(out / "include/config/auto.conf")
    assert f"CONFIG_ARCH_{arch}=y" in autoconf
    # Only the chosen architecture is enabled.
    assert len(re.findall(r"^CONFIG_ARCH_[A-Z0-9_]+=y$", autoconf,
                          re.M)) == 1


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_savedefconfig_round_trip(tmp_path, defconfig):
    out = configure(tmp_path, defconfig)
    make(f"O={out}", "savedefconfig")
    saved = out / "defconfig"
    assert saved.exists()
    again = tmp_path / "again"
    os.makedirs(again / "include/config", exist_ok=True)
    env = dict(os.environ, srctree=SRC, KCONFIG_CONFIG=str(again / ".config"))
    subprocess.run(["kconfig-conf", "-s", f"--defconfig={saved}", "Kconfig"],
                   cwd=again, env=env, check=True)

    def settings(path):
        return sorted(line for line in read(path).splitlines()
                      if line.startswith("CONFIG_"))

    assert settings(out / ".config") == settings(again / ".config")


def test_config_change_reaches_autoconf(tmp_path):
    out = configure(tmp_path, "fake_defconfig")
    subprocess.run(["kconfig-tweak", "--file", str(out / ".config"),
                    "--set-val", "HOST_RAM_MAX_BANKS", "5"], check=True)
    make(f"O={out}", "olddefconfig")
    assert "#define CONFIG_HOST_RAM_MAX_BANKS 5" in read(
        out / "include/generated/autoconf.h")


def test_out_of_range_value_is_corrected(tmp_path):
    out = configure(tmp_path, "fake_defconfig")
    subprocess.run(["kconfig-tweak", "--file", str(out / ".config"),
                    "--set-val", "HOST_RAM_MAX_BANKS", "1000"], check=True)
    make(f"O={out}", "olddefconfig")
    header = read(out / "include/generated/autoconf.h")
    banks = int(re.search(r"CONFIG_HOST_RAM_MAX_BANKS (\d+)", header)[1])
    assert 1 <= banks <= 64


def compile_one(out, *extra):
    """Compile core/lib/errno.o into @out; return make's output."""
    target = f"{out}/core/lib/errno.o"
    proc = make(f"O={out}", *extra, target)
    assert os.path.exists(target)
    return proc.stdout


def test_quiet_and_verbose_output(tmp_path):
    out = configure(tmp_path, "arm64_virt_defconfig")
    quiet = compile_one(out)
    assert "  CC      core/lib/errno.o" in quiet
    assert "-Werror" not in quiet
    os.remove(f"{out}/core/lib/errno.o")
    verbose = compile_one(out, "V=1")
    # V=1 shows the full command line, with the per-arch cross compiler.
    assert "aarch64-linux-gnu-gcc" in verbose
    assert "-Werror" in verbose and "-std=gnu11" in verbose


def test_x86_uses_native_gcc_freestanding(tmp_path):
    out = configure(tmp_path, "x86_64_snp_defconfig")
    verbose = compile_one(out, "V=1")
    line = next(l for l in verbose.splitlines() if "errno.c" in l)
    assert line.startswith("gcc ")
    for flag in ("-ffreestanding", "-mno-red-zone", "-nostdinc"):
        assert flag in line


def test_cross_compile_override(tmp_path):
    out = configure(tmp_path, "arm64_virt_defconfig")
    proc = make(f"O={out}", "V=1", "CROSS_COMPILE=nosuch-prefix-",
                f"{out}/core/lib/errno.o", check=False)
    assert proc.returncode != 0
    assert "nosuch-prefix-gcc" in proc.stdout + proc.stderr


def test_out_of_tree_build_leaves_source_clean(tmp_path):
    before = set(os.listdir(SRC))
    out = configure(tmp_path, "fake_defconfig")
    compile_one(out)
    assert set(os.listdir(SRC)) - before == set()
    assert not os.path.exists(os.path.join(SRC, ".config"))
    assert not os.path.exists(os.path.join(SRC, "include/config"))


def test_menuconfig_saves_configuration(tmp_path):
    out = configure(tmp_path, "fake_defconfig")
    os.remove(out / ".config")
    child = pexpect.spawn("make", ["-C", SRC, f"O={out}", "menuconfig"],
                          dimensions=(40, 120), timeout=30,
                          env=dict(os.environ, TERM="xterm"),
                          encoding="utf-8", codec_errors="replace")
    child.expect("minivisor configuration")
    child.send("\x1b\x1b")  # leave the main menu
    child.expect("save your new configuration")
    child.send("\r")  # <Yes>
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "CONFIG_ARCH_ARM64=y" in read(out / ".config")
    assert "#define CONFIG_ARCH_ARM64 1" in read(
        out / "include/generated/autoconf.h")


def test_help_lists_the_goals():
    text = make("help").stdout
    for goal in ("make run", "make test", "menuconfig", "savedefconfig",
                 "olddefconfig", "arm64_virt_defconfig",
                 "x86_64_snp_defconfig", "make bench", "make fuzz", "V=1"):
        assert goal in text


def test_bootstrap_is_idempotent():
    script = os.path.join(SRC, "tools", "bootstrap.sh")
    first = subprocess.run(["bash", script], capture_output=True, text=True)
    assert first.returncode == 0
    second = subprocess.run(["bash", script], capture_output=True, text=True)
    assert second.returncode == 0
    assert second.stdout.strip() == "bootstrap: all dependencies present"


def test_every_source_file_has_spdx():
    files = subprocess.run(["git", "-C", SRC, "ls-files", "-co",
                            "--exclude-standard"], capture_output=True,
                           text=True, check=True).stdout.split()
    exts = (".c", ".h", ".S", ".py", ".sh", ".mk", ".dts", ".ld", ".lds")
    missing = []
    for name in files:
        if not (name.endswith(exts) or os.path.basename(name) in
                ("Makefile", "Kconfig", "objects.mk")):
            continue
        path = os.path.join(SRC, name)
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(400)
        if "SPDX-License-Identifier" not in head:
            missing.append(name)
    assert missing == []
