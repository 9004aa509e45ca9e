"""Run a student's IPython kernel in a bubblewrap sandbox, with limits; the grader stays outside.

The grader (:mod:`helpers.grade`) runs nbval in a trusted process. Only the
kernel, which executes student code, is untrusted: :func:`kernel_argv`
builds the command that starts it inside ``bwrap`` (Debian's
``bubblewrap``) with new PID, mount, IPC, network and UTS namespaces (and a
new user namespace when the grader is not root), ``--die-with-parent`` and
``--new-session``. The kernel sees only:

- the read-only runtime: ``/usr``, Python's prefixes, the ``helpers``
  package (its ``exercise_keys`` folder hidden under an empty tmpfs) and
  ``data/``;
- its scratch folder, a size-limited tmpfs that is its working folder and
  home, and a private ``/tmp``;
- the folder holding its ZMQ ``ipc`` sockets and connection file.

Not the keys, the assembled notebook with its reference outputs, other
submissions, the output folder, the grader's environment or ``/proc``.
When the grader runs as root the kernel also runs as an unprivileged user
id of its own (a fresh one per submission), so it cannot read root's files
and the process limit counts its own processes only.

Limits (:class:`Limits`): address space, CPU seconds, processes, file size
(``prlimit``), the size of the scratch tmpfs, and the kernel output the
trusted side reads (see :mod:`helpers.grade`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "SLOT_UIDS",
    "Limits",
    "SandboxUnavailable",
    "fresh_uid",
    "kernel_argv",
    "kill_namespace",
    "kill_slot",
    "pid_namespace_of_child",
    "probe",
    "slot_processes",
    "tasks_of",
]

#: User ids the sandboxed kernels run as when the grader is root, one fresh id per submission.
SLOT_UIDS = range(3_100_000, 3_900_000)
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
#: Where the kernel finds its connection file and makes its ZMQ ipc sockets, inside the sandbox.
IPC_INSIDE = "/ipc"
#: The connection file the sandboxed kernel reads (its socket paths are inside the sandbox).
CONNECTION_FILE = "sandbox-kernel.json"
HOW_TO_GET_ONE = (
    "install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install "
    "bubblewrap), or grade inside the container described in the repository's Containerfile "
    "(docker build -t talks-grader . ; see the Teacher's guide). Only if every submission is "
    "trusted code (your own test notebooks, never students' work), pass --trusted-code to run "
    "kernels without a sandbox"
)


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot start a sandbox on this machine."""


@dataclass(frozen=True)
class Limits:
    """Per-kernel limits: memory (address space, bytes), CPU seconds, processes, file and scratch size.

    Example:
        >>> Limits().memory // 2**20
        3072
    """

    memory: int = 3 * 2**30
    cpu_seconds: int = 600
    processes: int = 96
    file_size: int = 32 * 2**20
    scratch_size: int = 64 * 2**20

    def prlimit_args(self, processes: int | None = None) -> list[str]:
        """The ``prlimit`` options that set these limits (soft = hard).

        Example:
            >>> Limits(memory=2**30, cpu_seconds=5, processes=9, file_size=1024).prlimit_args()
            ['--as=1073741824', '--cpu=5', '--nproc=9', '--fsize=1024', '--core=0']
        """
        nproc = self.processes if processes is None else processes
        return [
            f"--as={self.memory}",
            f"--cpu={self.cpu_seconds}",
            f"--nproc={nproc}",
            f"--fsize={self.file_size}",
            "--core=0",
        ]


def _runtime_paths() -> list[Path]:
    """Read-only folders the kernel needs: Python's prefixes and where its executable really lives."""
    found: list[Path] = []
    for raw in (sys.prefix, sys.base_prefix, sys.exec_prefix, Path(sys.executable).resolve().parent.parent):
        path = Path(raw).resolve()
        if str(path).startswith(("/usr", "/bin", "/lib")):
            continue  # under /usr, bound whole
        source_checkout = (PACKAGE_ROOT / "pyproject.toml").is_file()  # tests/ there holds the hidden checks
        if source_checkout and (path == PACKAGE_ROOT or PACKAGE_ROOT.is_relative_to(path)):
            raise SandboxUnavailable(
                f"Python lives in {path}, which contains the project and its keys; "
                "use a virtual environment inside the project (.venv) or a system Python"
            )
        if path not in found:
            found.append(path)
    return found


def _mkdirs(path: Path, made: set[Path]) -> list[str]:
    """``--dir`` arguments (mode 0755) for the parents of *path* that bwrap would otherwise create 0700."""
    args = []
    for parent in reversed(path.parents):
        if parent == Path("/") or parent in made or str(parent) in ("/usr", "/tmp", "/dev", "/proc"):
            continue
        made.add(parent)
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def kernel_argv(
    ipc_dir: Path,
    *,
    limits: Limits = Limits(),
    uid: int | None = None,
    hide: tuple[Path, ...] = (),
    python: str | None = None,
) -> list[str]:
    """The command that starts an IPython kernel in a bwrap sandbox (``{connection_file}`` left to fill).

    *ipc_dir* is bound read-write at ``/ipc``, where the kernel reads
    ``/ipc/sandbox-kernel.json`` and makes its ``ipc`` sockets. *uid*: when the grader is root, the
    unprivileged user id the kernel runs as. *hide*: folders inside the
    bound runtime to cover with an empty tmpfs (the keys).

    Example:
        >>> argv = kernel_argv(Path("/tmp/x/ipc"), uid=3100001)
        >>> argv[0].endswith("bwrap"), "--unshare-net" in argv, "--die-with-parent" in argv
        (True, True, True)
        >>> argv[-3:]
        ['-f', '/ipc/sandbox-kernel.json', '--HistoryManager.enabled=False']
    """
    bwrap = shutil.which("bwrap") or "bwrap"
    python = python or str(Path(sys.prefix) / "bin" / "python")
    argv = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if uid is None:
        argv += ["--unshare-user", "--disable-userns"]
    argv += ["--die-with-parent", "--new-session", "--clearenv"]
    argv += ["--ro-bind", "/usr", "/usr"]
    for link in ("bin", "lib", "lib64", "sbin"):
        if Path(f"/{link}").is_symlink():
            argv += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
        elif Path(f"/{link}").is_dir():
            argv += ["--ro-bind", f"/{link}", f"/{link}"]
    argv += ["--perms", "0755", "--dir", "/etc"]
    for name in ("ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf"):
        if Path("/etc", name).exists():
            argv += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # every writable place is a size-limited tmpfs (a tmpfs is otherwise half the machine's memory)
    small = str(limits.scratch_size)
    argv += ["--dev", "/dev", "--proc", "/proc"]
    argv += ["--perms", "01777", "--size", small, "--tmpfs", "/tmp"]
    argv += ["--perms", "01777", "--size", small, "--tmpfs", "/dev/shm"]
    made: set[Path] = set()
    for path in _runtime_paths():
        argv += _mkdirs(path, made) + ["--ro-bind", str(path), str(path)]
    for sub in ("helpers", "data"):
        path = PACKAGE_ROOT / sub
        if path.is_dir():
            argv += _mkdirs(path, made) + ["--ro-bind", str(path), str(path)]
    bound = [*_runtime_paths(), PACKAGE_ROOT / "helpers", PACKAGE_ROOT / "data", Path("/usr")]
    for path in (PACKAGE_ROOT / "helpers" / "exercise_keys", *hide):
        path = Path(path).resolve()
        if path.is_dir() and any(path.is_relative_to(root) for root in bound):
            argv += ["--tmpfs", str(path)]
    argv += ["--bind", str(ipc_dir), IPC_INSIDE]
    argv += [
        "--perms",
        "0777",
        "--size",
        str(limits.scratch_size),
        "--tmpfs",
        "/scratch",
        "--chdir",
        "/scratch",
    ]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/scratch",
        "LANG": "C.UTF-8",
        "IPYTHONDIR": "/scratch/.ipython",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for name, value in env.items():
        argv += ["--setenv", name, value]
    inner = []
    if uid is not None:
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        inner += [
            "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--",
        ]  # fmt: skip
    # RLIMIT_NPROC counts every task of the user: a kernel with a uid of its own gets the limit;
    # one that shares the teacher's uid gets the limit on top of what the teacher already runs.
    nproc = limits.processes if uid is not None else tasks_of(os.getuid()) + limits.processes
    inner += ["/usr/bin/prlimit", *limits.prlimit_args(processes=nproc), "--"]
    inner += [
        python,
        "-m",
        "ipykernel_launcher",
        "-f",
        f"{IPC_INSIDE}/{CONNECTION_FILE}",
        "--HistoryManager.enabled=False",
    ]
    return argv + ["--", *inner]


def fresh_uid() -> int | None:
    """A user id no process uses, for one sandboxed kernel, when the grader is root; else None.

    Example:
        >>> uid = fresh_uid()
        >>> uid is None or uid in SLOT_UIDS
        True
    """
    if os.geteuid() != 0:
        return None
    while True:
        uid = SLOT_UIDS.start + secrets.randbelow(len(SLOT_UIDS))
        if not slot_processes(uid):
            return uid


def tasks_of(uid: int) -> int:
    """The number of tasks (processes and their threads) running as *uid*, as RLIMIT_NPROC counts them.

    Example:
        >>> tasks_of(os.getuid()) >= 1
        True
    """
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += len(os.listdir(f"/proc/{entry.name}/task"))
        except OSError:
            continue
    return count


def slot_processes(uid: int | None = None) -> list[int]:
    """PIDs of live processes running as *uid* (or as any sandbox user id when *uid* is None).

    Example:
        >>> slot_processes(SLOT_UIDS.start - 1)
        []
    """
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            owner = entry.stat().st_uid
        except OSError:
            continue
        if (owner == uid) if uid is not None else (owner in SLOT_UIDS):
            try:
                if _zombie(entry.name):
                    continue
            except OSError:
                continue
            found.append(int(entry.name))
    return found


def kill_slot(uid: int | None) -> None:
    """SIGKILL every process of sandbox user *uid* until none is left (a no-op for None).

    Example:
        >>> kill_slot(None)
    """
    if uid is None or uid not in SLOT_UIDS:
        return
    for _ in range(200):
        pids = slot_processes(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        os.sched_yield()


def pid_namespace_of_child(pid: int) -> str | None:
    """The PID namespace (``pid:[inode]``) of the first child of *pid*: for bwrap, its sandbox's.

    Example:
        >>> pid_namespace_of_child(os.getpid()) is None or True
        True
    """
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            children = fh.read().split()
        return os.readlink(f"/proc/{children[0]}/ns/pid") if children else None
    except (OSError, IndexError):
        return None


def _zombie(pid: str) -> bool:
    """True for a process that has exited and waits to be reaped (it runs nothing any more)."""
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
        return fh.read().rsplit(")", 1)[1].split()[0] == "Z"


def kill_namespace(namespace: str | None) -> None:
    """SIGKILL every process in PID namespace *namespace* until none is left (a no-op for None).

    Example:
        >>> kill_namespace(None)
    """
    if not namespace or namespace == os.readlink("/proc/self/ns/pid"):
        return
    for _ in range(400):
        found = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if os.readlink(f"/proc/{entry.name}/ns/pid") == namespace and not _zombie(entry.name):
                        found.append(int(entry.name))
                except OSError:
                    continue
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        time.sleep(0.005)


def probe(limits: Limits = Limits()) -> None:
    """Start a throw-away sandbox; raise :class:`SandboxUnavailable` saying how to get one if it fails.

    Example:
        >>> try:
        ...     probe()
        ... except SandboxUnavailable as err:
        ...     assert "bubblewrap" in str(err)
    """
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable(
            f"bwrap (bubblewrap) is not installed. To grade untrusted work, {HOW_TO_GET_ONE}"
        )
    for tool in ("/usr/bin/prlimit", "/usr/bin/setpriv"):
        if not Path(tool).is_file():
            raise SandboxUnavailable(
                f"{tool} is missing (Debian: apt-get install util-linux); {HOW_TO_GET_ONE}"
            )
    import tempfile

    uid = fresh_uid()
    with tempfile.TemporaryDirectory(prefix="grade-probe-") as tmp:
        ipc = Path(tmp) / "ipc"
        ipc.mkdir()
        if uid is not None:
            os.chown(ipc, uid, uid)
        argv = kernel_argv(ipc, limits=limits, uid=uid)
        cut = argv.index("-m", argv.index("--"))
        argv = argv[:cut] + ["-c", "import ipykernel, os; print(os.getpid())"]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise SandboxUnavailable(
                f"bwrap could not start a sandbox ({err}). To fix it, {HOW_TO_GET_ONE}"
            ) from err
        finally:
            kill_slot(uid)
    if done.returncode != 0 or done.stdout.strip() != "2":
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SandboxUnavailable(
            f"bwrap could not start a sandbox here ({detail}); user namespaces may be disabled "
            f"(sysctl kernel.unprivileged_userns_clone=1). To fix it, {HOW_TO_GET_ONE}"
        )
