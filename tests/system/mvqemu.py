# SPDX-License-Identifier: GPL-2.0-only
"""A small QEMU + pexpect runner for minivisor system tests.

Generic over the target: give it the QEMU argv (the serial console must be
on stdio) and the prompt. It starts QEMU, waits for the prompt, runs shell
commands and returns their output, and stops QEMU cleanly.

    with MvQemu(argv) as vm:
        vm.boot()                      # seconds from spawn to first prompt
        out = vm.cmd("host ram info")  # text between the echo and the prompt
        vm.send_line("poweroff"); vm.wait_exit()

Set MVQEMU_LOG=<file> to append everything QEMU prints to a file.

The functions at the end parse the shell's output convention: one fact
per line as lower-case "key value" pairs.
"""

import io
import os
import re
import signal
import subprocess
import time

import pexpect

PROMPT = "minivisor# "

# ANSI/VT100 control sequences the line editor may emit while echoing.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class MvQemuError(AssertionError):
    """QEMU did not do what the test waited for (timeout, early exit)."""


def clean(text):
    """Drop CRs and terminal control sequences from console text."""
    return _ANSI.sub("", text).replace("\r", "")


class _Tee:
    """A pexpect logfile that writes to several files."""

    def __init__(self, sinks):
        self.sinks = sinks

    def write(self, data):
        for sink in self.sinks:
            sink.write(data)

    def flush(self):
        for sink in self.sinks:
            sink.flush()


class MvQemu:
    """One QEMU process driven through its serial console on stdio."""

    def __init__(self, argv, prompt=PROMPT, timeout=10.0, env=None):
        self.argv = list(argv)
        self.prompt = prompt
        self.timeout = timeout
        self.env = env
        self.child = None
        self.boot_log = ""
        self.boot_seconds = None
        self._log = None
        self._transcript = io.StringIO()

    @property
    def transcript(self):
        """Everything the console printed so far (ANSI codes cleaned)."""
        return clean(self._transcript.getvalue())

    # -- lifecycle ------------------------------------------------------
    def start(self):
        """Spawn QEMU; returns immediately."""
        path = os.environ.get("MVQEMU_LOG")
        if path:
            self._log = open(path, "a", encoding="utf-8", errors="replace")
            self._log.write("\n=== %s\n" % " ".join(self.argv))
        self._t0 = time.monotonic()
        self.child = pexpect.spawn(self.argv[0], self.argv[1:],
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=self.timeout, env=self.env,
                                   echo=False, dimensions=(50, 200))
        self.child.delaybeforesend = None
        sinks = [self._transcript] + ([self._log] if self._log else [])
        self.child.logfile_read = _Tee(sinks)
        return self

    def boot(self, timeout=None):
        """Start QEMU (if needed) and wait for the first prompt.

        Returns the seconds from spawn to prompt; the console text before
        the prompt is kept in self.boot_log.
        """
        if self.child is None:
            self.start()
        self.boot_log = self.expect_prompt(timeout)
        self.boot_seconds = time.monotonic() - self._t0
        return self.boot_seconds

    def close(self, timeout=5.0):
        """Stop QEMU: SIGTERM, then SIGKILL if it does not go."""
        child, self.child = self.child, None
        if child is not None and child.isalive():
            child.kill(signal.SIGTERM)
            end = time.monotonic() + timeout
            while child.isalive() and time.monotonic() < end:
                time.sleep(0.01)
            if child.isalive():
                child.kill(signal.SIGKILL)
        if child is not None:
            child.close(force=True)
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- console --------------------------------------------------------
    def _fail(self, what, err):
        seen = clean(self.child.before or "") if self.child else ""
        raise MvQemuError("%s (%s); console tail:\n%s"
                          % (what, type(err).__name__, seen[-2000:]))

    def _wait(self, what, expect, arg, timeout):
        """Run the pexpect @expect(@arg); a timeout or an unexpected end
        of QEMU fails the test with the console tail."""
        try:
            expect(arg, timeout=timeout or self.timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as err:
            self._fail(what, err)

    def expect(self, pattern, timeout=None):
        """Wait for regex @pattern; returns the match object."""
        self._wait("waiting for %r" % pattern, self.child.expect, pattern,
                   timeout)
        return self.child.match

    def expect_exact(self, text, timeout=None):
        """Wait for literal @text; returns the console text before it."""
        self._wait("waiting for %r" % text, self.child.expect_exact, text,
                   timeout)
        return self.child.before

    def expect_prompt(self, timeout=None):
        """Wait for the prompt; returns the cleaned text before it."""
        return clean(self.expect_exact(self.prompt, timeout))

    def send(self, data):
        """Send raw characters (str) to the console."""
        self.child.send(data)

    def send_line(self, line):
        """Send @line and Enter (CR, as a terminal would)."""
        self.child.send(line + "\r")

    def cmd(self, line, timeout=None):
        """Run one shell line; returns its output (echo and prompt removed)."""
        self.send_line(line)
        text = self.expect_prompt(timeout)
        # The shell echoes the line, then a newline, then the output. A
        # message printed on its own (another CPU, a guest halting) may
        # come before the echo: keep it, drop only the echo.
        lines = text.split("\n")
        for i, text_line in enumerate(lines[:-1]):
            if line and text_line.rstrip("\r").endswith(line):
                del lines[i]
                return "\n".join(lines)
        return "\n".join(lines[1:])

    def wait_exit(self, timeout=None):
        """Wait for QEMU to exit by itself; returns its exit status."""
        # EOF is what is waited for here, so only a timeout fails.
        self._wait("waiting for QEMU to exit", self.child.expect,
                   pexpect.EOF, timeout)
        self.child.close()
        return self.child.exitstatus

    def alive(self):
        """True while the QEMU process runs."""
        return self.child is not None and self.child.isalive()


# -- shell output parsers ----------------------------------------------

PAGE = 4096


def pages(nbytes):
    """4 KiB frames covering @nbytes."""
    return (nbytes + PAGE - 1) // PAGE


def kv(line):
    """'a 1 b 0x2' -> {'a': 1, 'b': 2} (values that are numbers)."""
    words = line.split()
    out = {}
    for k, v in zip(words[::2], words[1::2]):
        try:
            out[k] = int(v, 0)
        except ValueError:
            out[k] = v
    return out


def lines_starting(text, word):
    """Lines of @text whose first word is @word."""
    return [l for l in text.splitlines() if l.split()[:1] == [word]]


def host_cpus(vm):
    """`host cpu info` of @vm (an MvQemu) -> one dict per CPU line."""
    return [kv(l) for l in lines_starting(vm.cmd("host cpu info"), "cpu")]


def value(text, key):
    """The value of the first "key value" line for @key."""
    for l in text.splitlines():
        w = l.split()
        if len(w) >= 2 and w[0] == key:
            return int(w[1], 0) if re.match(r"^(0x)?[0-9a-f]+$", w[1]) else w[1]
    raise KeyError(f"no '{key}' line in:\n{text}")


def parse_ram_info(text):
    """`host ram info` -> (banks list of dicts, total dict)."""
    banks = [kv(l) for l in lines_starting(text, "bank")]
    total = kv(lines_starting(text, "total")[0].split(None, 1)[1])
    return banks, total


def mem_bytes(mem):
    """QEMU size ('512M', '2G') in bytes."""
    unit = {"M": 1 << 20, "G": 1 << 30}[mem[-1].upper()]
    return int(mem[:-1]) * unit


def image_symbols(image, names, nm="aarch64-linux-gnu-nm"):
    """Addresses of symbols in the ELF @image."""
    out = subprocess.run([nm, image], check=True,
                         capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        w = line.split()
        if len(w) == 3 and w[2] in names:
            syms[w[2]] = int(w[0], 16)
    return syms


def allkv(text):
    """Every "key value" pair of every line; the first one of a key wins."""
    out = {}
    for line in text.splitlines():
        for k, v in kv(line).items():
            out.setdefault(k, v)
    return out
