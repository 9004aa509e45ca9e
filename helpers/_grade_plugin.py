"""The grader's pytest plugin: runs in the trusted pytest process, beside nbval, never in the kernel.

:func:`helpers.grade.grade_submission` starts ``pytest -p nbval.plugin -p
helpers._grade_plugin`` with ``TALKS_IN_TURKEY_GRADE_CONFIG`` naming a JSON
file in the grader's private folder (the kernel's sandbox does not contain
it). The plugin

- starts nbval's kernel itself: over ZMQ ``ipc`` sockets in the folder bound
  into the sandbox, with the command from :func:`helpers.sandbox.kernel_argv`
  (or, with ``--trusted-code``, a plain kernel under the same ``prlimit``);
- notices a dead kernel within half a second instead of waiting for the cell
  timeout, and stops reading a cell's output past a cap (and kills the kernel);
- records, for every cell, a status worked out from what the trusted side saw
  (was the kernel alive before and after the cell, did the cell time out, did
  it send an error, did nbval's comparison pass), never from text the
  student's code printed, and writes one JSON line per cell to a results file
  outside the sandbox.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

CONFIG_ENV = "TALKS_IN_TURKEY_GRADE_CONFIG"
#: Characters of a cell's output the trusted side reads before it stops the kernel.
OUTPUT_CAP = 200_000
#: Seconds the trusted side waits for a live kernel's next output message (nbval's own wait is 5 s).
OUTPUT_WAIT = 15
#: Characters of a cell's output kept for the feedback.
EXCERPT = 600

_RUN: dict = {}
_FLAGS: dict[str, dict] = {}
_CURRENT: dict = {}


def pytest_configure(config) -> None:  # noqa: ANN001 - pytest hook
    """Read the grader's private configuration and patch nbval, before any kernel starts."""
    path = os.environ.pop(CONFIG_ENV, None)
    if not path:
        return
    with open(path, encoding="utf-8") as fh:
        _RUN.update(json.load(fh))
    _patch_nbval()


def _write(record: dict) -> None:
    with open(_RUN["results"], "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def _kill_kernel() -> None:
    pid = _RUN.get("kernel_pid")
    if pid:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass


#: Bytes the kernel may leave in its socket folder (the sockets themselves take none).
SOCKET_FOLDER_CAP = 1 << 20


def _lock_socket_folder(ipc: Path, uid: int | None) -> None:
    """Keep the kernel from filling the disk through the one folder it shares with the grader.

    When the kernel runs as a user id of its own (a root grader), the folder
    becomes root's, readable but not writable by the kernel, once its sockets
    exist. In every case a watchdog stops the kernel if files appear there.
    """
    if uid is not None:
        with open(ipc / "kernel.json", encoding="utf-8") as fh:
            info = json.load(fh)
        sockets = [ipc / f"k-{info[f'{name}_port']}" for name in ("shell", "iopub", "stdin", "control", "hb")]
        deadline = time.monotonic() + 10  # the heartbeat binds in a thread of its own, maybe late
        while not all(p.exists() for p in sockets) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.chown(ipc, 0, uid)
        os.chmod(ipc, 0o750)

    def watch() -> None:
        while _RUN.get("kernel_pid"):
            try:
                entries = list(os.scandir(ipc))
                size = sum(e.stat(follow_symlinks=False).st_size for e in entries)
            except OSError:
                return
            if size > SOCKET_FOLDER_CAP or len(entries) > 16:
                _RUN["socket_folder_filled"] = True
                _kill_kernel()
                return
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()


def _patch_nbval() -> None:
    from queue import Empty

    import zmq
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbval import kernel as nbval_kernel

    argv = _RUN["argv"]

    class Specs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):  # noqa: ANN001, ANN202 - jupyter_client's signature
            return KernelSpec(
                argv=argv,
                display_name="Python 3 (grader)",
                language="python",
                interrupt_mode="message" if _RUN.get("sandbox") else "signal",
            )

    def start_new_kernel(startup_timeout=60, kernel_name="python", **kwargs):  # noqa: ANN001, ANN202
        context = zmq.Context()
        # a kernel that sends one huge message is disconnected; few messages wait unread
        context.setsockopt(zmq.MAXMSGSIZE, 4 * 2**20)
        context.setsockopt(zmq.RCVHWM, 64)
        ipc = Path(_RUN["ipc"])
        km = KernelManager(
            kernel_name="grader",
            kernel_spec_manager=Specs(),
            transport="ipc",
            ip=str(ipc / "k"),
            connection_file=str(ipc / "kernel.json"),
            context=context,
        )
        km.write_connection_file()
        if _RUN.get("sandbox"):
            from helpers.sandbox import CONNECTION_FILE, IPC_INSIDE

            # the same ports and key, with the socket paths as the kernel sees them
            with open(km.connection_file, encoding="utf-8") as fh:
                info = json.load(fh)
            inside = ipc / CONNECTION_FILE
            with open(
                os.open(inside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
            ) as fh:
                json.dump({**info, "ip": f"{IPC_INSIDE}/k"}, fh)
            uid = _RUN.get("uid")
            if uid is not None:
                os.chown(inside, uid, uid)
        devnull = open(os.devnull, "wb")  # noqa: SIM115 - the kernel keeps it for its lifetime
        kwargs.update(stdout=devnull, stderr=devnull, stdin=devnull)
        if _RUN.get("sandbox"):
            kwargs.pop("cwd", None)
        km.start_kernel(**kwargs)
        _RUN["kernel_pid"] = km.provisioner.pid if km.provisioner else None
        _write({"kernel_pid": _RUN["kernel_pid"]})
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=startup_timeout)
        except RuntimeError:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            raise
        if _RUN.get("sandbox"):
            _lock_socket_folder(ipc, _RUN.get("uid"))
        if _RUN.get("sandbox") and _RUN["kernel_pid"]:
            from helpers.sandbox import pid_namespace_of_child

            # the grader kills whatever is left in this namespace before it writes the row
            _write({"kernel_pid": _RUN["kernel_pid"], "pidns": pid_namespace_of_child(_RUN["kernel_pid"])})
        return km, kc

    nbval_kernel.start_new_kernel = start_new_kernel
    running = nbval_kernel.RunningKernel
    original_reply, original_message = running.await_reply, running.get_message

    def await_reply(self, msg_id, timeout=None):  # noqa: ANN001, ANN202 - nbval's signature
        deadline = None if timeout is None else time.monotonic() + float(timeout)
        while True:
            step = 0.5 if deadline is None else min(0.5, deadline - time.monotonic())
            if step <= 0:
                _CURRENT.setdefault("flags", {})["timed_out"] = True
                raise Empty
            try:
                return original_reply(self, msg_id, timeout=step)
            except Empty:
                if not self.is_alive():
                    _CURRENT.setdefault("flags", {})["died"] = True
                    raise

    def get_message(self, stream, timeout=None):  # noqa: ANN001, ANN202 - nbval's signature
        flags = _CURRENT.get("flags")
        if flags is None or stream != "iopub" or timeout is None:
            return original_message(self, stream, timeout=timeout)
        # nbval waits 5 s for each output message: on a loaded machine a live kernel can take longer,
        # so wait up to OUTPUT_WAIT while the kernel lives, and not at all once it has died
        deadline = time.monotonic() + max(float(timeout), OUTPUT_WAIT)
        while True:
            try:
                msg = original_message(self, stream, timeout=min(0.5, max(0.01, deadline - time.monotonic())))
                break
            except Empty:
                if time.monotonic() < deadline and self.is_alive():
                    continue
                flags["silent"] = True  # nbval stops the kernel next: no output, or a message too big
                raise
        content = msg.get("content", {})
        size = len(str(content.get("text", ""))) + sum(len(str(v)) for v in content.get("data", {}).values())
        size += sum(len(str(line)) for line in content.get("traceback", []) or [])
        flags["output"] = flags.get("output", 0) + size
        if flags["output"] > OUTPUT_CAP:
            flags["output_capped"] = True
            _kill_kernel()
            raise Empty
        return msg

    running.await_reply = await_reply
    running.get_message = get_message


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):  # noqa: ANN001, ANN201 - pytest hook
    """Note whether the kernel was alive before and after the cell ran."""
    if not _RUN:
        yield
        return
    kernel = getattr(getattr(item, "parent", None), "kernel", None)
    flags = {"alive_at_start": bool(kernel is not None and kernel.is_alive())}
    _CURRENT["flags"] = flags
    _FLAGS[item.nodeid] = flags
    try:
        yield
    finally:
        flags["alive_at_end"] = bool(kernel is not None and hasattr(kernel, "km") and kernel.is_alive())
        flags["outputs"] = list(getattr(item, "test_outputs", []) or [])
        _CURRENT.pop("flags", None)


def _excerpt(outputs: list) -> tuple[str, str, str]:
    """The start of what the cell printed, and the name and message of its error, if any."""
    text, ename, evalue = [], "", ""
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            text.append(str(out.get("text", "")))
        elif kind in ("execute_result", "display_data"):
            text.append(str(out.get("data", {}).get("text/plain", "")) + "\n")
        elif kind == "error" and not ename:
            ename, evalue = str(out.get("ename", "Error"))[:80], str(out.get("evalue", ""))[:200]
    joined = "".join(text)
    if len(joined) > EXCERPT:
        joined = joined[:EXCERPT] + f"\n… ({len(joined) - EXCERPT} more characters)\n"
    return joined, ename, evalue


def status_of(passed: bool, flags: dict) -> tuple[str, str]:
    """A cell's ``(status, detail)`` from what the trusted side observed.

    Example:
        >>> status_of(False, {"alive_at_start": True, "timed_out": True, "alive_at_end": True})
        ('timeout', 'ran past the time limit and was interrupted')
        >>> status_of(False, {"alive_at_start": False})[0]
        'dead'
    """
    if passed:
        return "passed", ""
    if not flags.get("alive_at_start", True):
        return "dead", "did not run, because the kernel had died"
    if flags.get("output_capped"):
        return "crashed", f"printed more than {OUTPUT_CAP:,} characters, so the grader stopped it"
    if flags.get("silent") and not flags.get("timed_out") and not flags.get("died"):
        return "crashed", "sent too much output, or none at all, so the grader stopped it"
    if flags.get("timed_out") and flags.get("alive_at_end"):
        return "timeout", "ran past the time limit and was interrupted"
    if flags.get("timed_out") or flags.get("died") or not flags.get("alive_at_end", True):
        return "crashed", "crashed the kernel, or hung and could not be interrupted"
    _, ename, _ = _excerpt(flags.get("outputs", []))
    if ename:
        return "error", "raised an exception"
    return "failed", "printed a different output"


def pytest_runtest_logreport(report) -> None:  # noqa: ANN001 - pytest hook
    """Write one JSON line per cell to the grader's private results file."""
    match = re.search(r"::Cell (\d+)$", report.nodeid)
    if not _RUN or not match:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        if report.when == "setup":
            flags = {"alive_at_start": False}
        else:
            flags = _FLAGS.get(report.nodeid, {})
        status, detail = status_of(report.passed, flags)
        if report.when == "setup":
            detail = "the kernel could not start"
        output, ename, evalue = _excerpt(flags.get("outputs", []))
        _write(
            {
                "cell": int(match.group(1)),
                "status": status,
                "detail": detail,
                "output": output,
                "ename": ename,
                "evalue": evalue,
            }
        )
