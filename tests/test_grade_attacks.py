"""Hostile submissions: each must gain nothing, harm nobody else, finish in time and leave no process.

Every attack listed under "Why" in issue 13 is written here as a hostile student would write it,
in the answer cell of the quote-marks student notebook (so without the attack it is the blank
notebook, which scores 0). Each test grades the attack beside a bystander (the model answer) with
``--jobs 2`` and private keys (``keys=`` and ``$TALKS_IN_TURKEY_KEYS``), writes the gradebook, and
checks: the attack's points are at most the blank notebook's; the bystander keeps full marks; the
gradebook and the other files on disk are unchanged a few seconds later; the submission finished
within its budget; no process of the submission is left.

The sandbox needs bubblewrap. Without ``bwrap`` these tests skip, except under ``CI=true`` or
``TALKS_REQUIRE_SANDBOX=1`` (as ``.ci/run`` sets), where they fail.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from helpers import grade, sandbox
from helpers.grade import cell_role, example_submission, load_key, student_notebook

QM = "quote-marks"
TIMEOUT = 10
MARKER = "talks-attack-daemon"
SESSION_MARKER = f"{MARKER}-{os.getpid()}"  # the daemons of this test run, not of another one
CANARY = "canary-7f3e9a-secret-of-the-grader"
REQUIRED = os.environ.get("CI") == "true" or os.environ.get("TALKS_REQUIRE_SANDBOX") == "1"
# With TALKS_ATTACK_OLD_GRADER=1 (to measure a grader without limits) the attacks that would take
# down a shared machine are left out: the fork bomb and the multi-gigabyte allocation.
OLD = os.environ.get("TALKS_ATTACK_OLD_GRADER") == "1"

if shutil.which("bwrap") is None and not OLD:
    if REQUIRED:
        pytest.fail("bwrap is missing: apt-get install bubblewrap (CI=true needs the sandbox)", pytrace=False)
    pytest.skip(
        "bwrap is missing (apt-get install bubblewrap); the sandbox cannot be tested", allow_module_level=True
    )

# --- what a hostile student writes -----------------------------------------------------------

# Shared by the replay attacks: turn any notebook found into {check source: expected output},
# then make IPython answer each check with its expected output.
REPLAY = r"""
import glob, json, os, sys

def _harvest(paths):
    found = {}
    for path in paths:
        try:
            nb = json.load(open(path, encoding="utf-8"))
        except Exception:
            continue
        for cell in nb.get("cells", []):
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            text = "".join(
                "".join(o.get("text", "")) if isinstance(o.get("text"), list) else o.get("text", "")
                for o in cell.get("outputs", []) if o.get("output_type") == "stream"
            )
            if "NBVAL_CHECK_OUTPUT" in src and text:
                found[src.strip()] = text
    return found

def _replay(found):
    ip = get_ipython()
    def transform(lines):
        src = "".join(lines).strip()
        if src in found:
            return ["print(%r, end='')\n" % found[src]]
        return lines
    ip.input_transformers_cleanup.append(transform)
"""

FIND = "\n\ndef find_quote_marks(text):\n    raise NotImplementedError('write find_quote_marks')\n"

ATTACKS = {
    # 1. the reference outputs of every check sit in the notebook the kernel runs, or near it
    "read_reference_outputs": REPLAY
    + r"""
paths = glob.glob("*.ipynb") + glob.glob("../*.ipynb") + glob.glob("../*/*.ipynb")
for pattern in ("/tmp/*/*.ipynb", "/tmp/*/*/*.ipynb", "/tmp/*/*/*/*.ipynb"):
    paths += glob.glob(pattern)
_replay(_harvest(paths))
"""
    + FIND,
    # 2. the keys: packaged with helpers, or named by the environment or the grader's command line
    "read_keys": REPLAY
    + r"""
import helpers
paths = glob.glob(os.path.join(os.path.dirname(helpers.__file__), "exercise_keys", "*.ipynb"))
if os.environ.get("TALKS_IN_TURKEY_KEYS"):
    paths += glob.glob(os.path.join(os.environ["TALKS_IN_TURKEY_KEYS"], "*.ipynb"))
for proc in glob.glob("/proc/[0-9]*"):
    try:
        args = open(proc + "/cmdline", "rb").read().split(b"\0")
        env = open(proc + "/environ", "rb").read().split(b"\0")
    except OSError:
        continue
    for i, arg in enumerate(args[:-1]):
        if arg == b"--keys":
            paths += glob.glob(os.path.join(args[i + 1].decode(), "*.ipynb"))
    for item in env:
        if item.startswith(b"TALKS_IN_TURKEY_KEYS="):
            paths += glob.glob(os.path.join(item.split(b"=", 1)[1].decode(), "*.ipynb"))
_replay(_harvest(paths))
"""
    + FIND,
    # 3. other processes' folders through /proc: the grader's, the other students' kernels'
    "read_proc": REPLAY
    + r"""
paths = []
for proc in glob.glob("/proc/[0-9]*"):
    for link in ("cwd", "root/tmp"):
        try:
            where = os.readlink(proc + "/" + link) if link == "cwd" else proc + "/" + link
        except OSError:
            continue
        paths += glob.glob(os.path.join(where, "*.ipynb")) + glob.glob(os.path.join(where, "*", "*.ipynb"))
        paths += glob.glob(os.path.join(where, "*", "*", "*.ipynb"))
_replay(_harvest(paths))
"""
    + FIND,
    # 4. hooks around every cell: swap sys.stdout, hide exceptions, print what is expected
    "hooks_hide_errors": REPLAY
    + r"""
import io
paths = glob.glob("*.ipynb") + glob.glob("/tmp/*/*.ipynb") + glob.glob("/tmp/*/*/*.ipynb")
import helpers
paths += glob.glob(os.path.join(os.path.dirname(helpers.__file__), "exercise_keys", "*.ipynb"))
_found = _harvest(paths)
_ip = get_ipython()
_real = sys.stdout
_ip.showtraceback = lambda *a, **k: None
_ip.showsyntaxerror = lambda *a, **k: None
def _pre(info):
    sys.stdout = io.StringIO()
    _pre.src = (info.raw_cell or "").strip()
def _post(result):
    sys.stdout = _real
    result.error_in_exec = None
    if _pre.src in _found:
        print(_found[_pre.src], end="")
_ip.events.register("pre_run_cell", _pre)
_ip.events.register("post_run_cell", _post)
"""
    + FIND,
    # 5. forge the result channel: the old nonce log, and any results file the new grader writes
    "forge_results": r"""
import glob, json, os
nonce = None
try:
    env = open(f"/proc/{os.getppid()}/environ", "rb").read().split(b"\0")
    for item in env:
        if item.startswith(b"TALKS_IN_TURKEY_GRADE_SECRET="):
            nonce = json.load(open(item.split(b"=", 1)[1]))
except Exception:
    pass
logs = glob.glob("/tmp/grade-log-*/results.jsonl") + glob.glob("/tmp/grade-*/run-*/results.jsonl")
logs += glob.glob("/tmp/grade-*/*.jsonl") + ["results.jsonl"] + ([nonce["log"]] if nonce else [])
for log in logs:
    try:
        with open(log, "a") as fh:
            for i in range(40):
                fh.write(json.dumps({"cell": i, "outcome": "passed", "status": "passed", "detail": "",
                                     "message": "", "output": "", "error": "",
                                     "nonce": (nonce or {}).get("nonce", "")}) + "\n")
    except OSError:
        pass
"""
    + FIND,
    # 6. kill the grader: every ancestor, and every process that looks like the grader
    "kill_grader": r"""
import os, signal
pid = os.getppid()
ancestors = []
while pid > 1:
    ancestors.append(pid)
    try:
        pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except OSError:
        break
for pid in ancestors:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
"""
    + FIND,
    # 7. stop the grader (SIGSTOP) so that it never writes the gradebook
    "stop_grader": r"""
import os, signal
pid = os.getppid()
while pid > 1:
    try:
        os.kill(pid, signal.SIGSTOP)
        pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except OSError:
        break
"""
    + FIND,
    # 8. signal other processes: the other students' kernels and graders
    "kill_other_kernels": r"""
import glob, os, signal
me = os.getpid()
for proc in glob.glob("/proc/[0-9]*"):
    pid = int(proc.rsplit("/", 1)[1])
    try:
        cmd = open(proc + "/cmdline", "rb").read()
    except OSError:
        continue
    if pid != me and (b"ipykernel" in cmd or b"nbval" in cmd):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
"""
    + FIND,
    # 9. hold the grader's output pipe: a daemon keeps the kernel's stdout and stderr open
    "hold_output_pipe": r"""
import os, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        # ipykernel captures fd 1 and 2; the grader's end of the pipe is the copy it keeps
        for stream, fd in ((sys.stdout, 1), (sys.stderr, 2)):
            original = getattr(stream, "_original_stdstream_copy", None)
            if original is not None:
                os.dup2(original, fd)
        code = "import time; time.sleep(3600)  # talks-attack-daemon"
        os.execv(sys.executable, [sys.executable, "-c", code])
    os._exit(0)
"""
    + FIND,
    # 10. print the texts the old grader looked for, so that it re-runs the submission
    "print_trigger_texts": r"""
for text in ["Kernel dead on test start", "Failed to interrupt kernel", "Timeout of 10 seconds exceeded",
             "exceeded waiting for output", "Cell execution caused an exception"]:
    print(text)

def find_quote_marks(text):
    print("Kernel dead on test start")
    print("Failed to interrupt kernel")
    raise NotImplementedError("Kernel dead on test start")
""",
    # 11. an answer that raises the text nbval uses for a dead kernel
    "raise_kernel_dead": r"""
raise RuntimeError("Kernel dead on test start")
""",
    # 12. memory through printed output
    "print_bomb": r"""
chunk = "x" * 2**20 + "\n"
for _ in range(512):
    print(chunk, end="")
"""
    + FIND,
    # 13. allocate far more memory than a grader has
    "allocation_bomb": r"""
hoard = []
for _ in range(64):
    hoard.append(bytearray(2**30))
"""
    + FIND,
    # 14. a fork bomb
    "fork_bomb": r"""
import os
for _ in range(100000):
    try:
        os.fork()
    except OSError:
        pass
"""
    + FIND,
    # 15. a daemon that rewrites every gradebook and feedback file it can find, after the grader ends
    "daemon_rewrites_gradebook": r'''
import glob, os, sys, subprocess
code = """
import glob, time
# MARKER
for _ in range(60):
    where = '/tmp/pytest-of-*/*/test_an_attack_gains_nothing*/**/'
    for path in glob.glob(where + 'gradebook.csv', recursive=True) + glob.glob(
            where + 'feedback/*.md', recursive=True):
        try:
            open(path, 'w').write('student,exercise,points\\nread_reference_outputs,quote-marks,999\\n')
        except OSError:
            pass
    time.sleep(0.5)
""".replace("MARKER", "talks-attack-daemon")
subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
'''
    + FIND,
    # 16. fill the disk
    "unbounded_file": r"""
import glob, os, sys
chunk = b"\0" * 2**20
targets = ["big.bin", "/tmp/big.bin", "/dev/shm/big.bin"]
# the folder of the kernel's connection file is shared with the grader: fill it with many files
args = open("/proc/self/cmdline", "rb").read().split(b"\0")
for i, arg in enumerate(args[:-1]):
    if arg == b"-f":
        folder = os.path.dirname(args[i + 1].decode())
        targets += [os.path.join(folder, f"fill-{n}.bin") for n in range(8)]
for target in targets:
    try:
        with open(target, "wb") as fh:
            for _ in range(256):
                fh.write(chunk)
    except (OSError, ValueError):
        pass
"""
    + FIND,
    # 17. reach the network (to send the answers out, or fetch them)
    "network": r"""
import socket
def _reach():
    for host, port in (("pypi.org", 443), ("1.1.1.1", 53), ("deb.debian.org", 80)):
        try:
            socket.create_connection((host, port), timeout=3).close()
            return "NETWORK-REACHED"
        except OSError:
            pass
    return "NETWORK-BLOCKED"

def find_quote_marks(text):
    print(_reach())
    return None
""",
    # 18. put secrets into its own feedback: environment, hidden checks, keys
    "secrets_in_feedback": r"""
import glob, json, os

def _secrets():
    found = [f"{k}={v}" for k, v in os.environ.items() if any(w in k for w in ("KEY", "SECRET", "CANARY"))]
    import helpers
    paths = glob.glob(os.path.join(os.path.dirname(helpers.__file__), "exercise_keys", "quote-marks.ipynb"))
    paths += glob.glob(os.path.join(os.environ.get("TALKS_IN_TURKEY_KEYS", "/nonexistent"), "*.ipynb"))
    paths += glob.glob("*.ipynb")
    for path in paths:
        try:
            cells = json.load(open(path))["cells"]
        except Exception:
            continue
        for cell in cells[-6:]:  # the hidden checks come last
            src = "".join(cell.get("source", ""))
            out = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
            found.append(src.split("\n", 1)[-1] + " -> " + out)
    return found

def find_quote_marks(text):
    for secret in _secrets():
        print(secret[:200])
    return None
""",
}
UNSAFE_ON_OLD = {"fork_bomb", "allocation_bomb"}


def _attack_notebook(source: str) -> nbformat.NotebookNode:
    nb = student_notebook(load_key(QM))
    answer = next(c for c in nb.cells if cell_role(c) == ("answer", "find"))
    answer.source = source.replace(MARKER, SESSION_MARKER)
    return nb


def _hidden_secrets() -> list[str]:
    """Texts that must never reach a student: hidden checks' sources and expected outputs, the canary."""
    key = load_key(QM)
    found = [CANARY]
    for cell in key.cells:
        if cell_role(cell)[0] == "check" and cell.metadata["grade"]["hidden"]:
            found.append(cell.source.split("\n", 1)[1].strip())
            found += [o["text"].strip() for o in cell.outputs if o.get("text", "").strip()]
    return found


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _leftovers(uids: list[int]) -> list[int]:
    """Processes an attack left: any process of the sandbox user ids it ran as, or the daemon marker."""
    found = [pid for uid in uids for pid in sandbox.slot_processes(uid)]
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if SESSION_MARKER.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The teacher's private copy of the keys, named by --keys and $TALKS_IN_TURKEY_KEYS."""
    folder = tmp_path_factory.mktemp("private-keys")
    for path in grade.keys_dir().glob("*.ipynb"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def blank_points(keys: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    folder = tmp_path_factory.mktemp("blank")
    nbformat.write(student_notebook(load_key(QM)), folder / "blank.ipynb")
    (result,) = grade.grade(QM, [folder / "blank.ipynb"], timeout=TIMEOUT, keys=keys)
    assert result.status == "graded"
    return result.points


@pytest.mark.parametrize("name", [n for n in ATTACKS if not (OLD and n in UNSAFE_ON_OLD)])
def test_an_attack_gains_nothing_and_harms_nobody(
    name: str, keys: Path, blank_points: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TALKS_IN_TURKEY_KEYS", str(keys))
    uids: list[int] = []
    fresh_uid = sandbox.fresh_uid

    def recording_fresh_uid() -> int | None:
        uid = fresh_uid()
        uids.append(uid) if uid is not None else None
        return uid

    monkeypatch.setattr(sandbox, "fresh_uid", recording_fresh_uid)
    monkeypatch.setenv("TALKS_GRADER_CANARY", CANARY)
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    nbformat.write(_attack_notebook(ATTACKS[name]), subs / f"{name}.ipynb")
    nbformat.write(example_submission(load_key(QM)), subs / "zz_bystander.ipynb")
    (out / "feedback").mkdir(parents=True)
    (out / "feedback" / "earlier.md").write_text("a file that was there before\n", encoding="utf-8")
    before = _digest(subs) | {f"keys/{k}": v for k, v in _digest(keys).items()}
    start = time.monotonic()
    results = {
        r.student: r for r in grade.grade(QM, sorted(subs.iterdir()), jobs=2, timeout=TIMEOUT, keys=keys)
    }
    grade.write_results(results.values(), out)
    elapsed = time.monotonic() - start
    written = _digest(out)
    time.sleep(4)  # a daemon would strike now

    attack, bystander = results[name], results["zz_bystander"]
    if os.environ.get("TALKS_ATTACK_REPORT"):  # for the table in the report: points against the blank's
        with open(os.environ["TALKS_ATTACK_REPORT"], "a", encoding="utf-8") as fh:
            fh.write(f"{name}\t{attack.points}\t{blank_points}\t{bystander.points}\t{elapsed:.0f}\n")
    assert attack.points <= blank_points, [(c.check.id, c.status) for c in attack.checks]
    assert attack.status == "graded", (attack.status, attack.message)
    assert "instructor" not in attack.message
    assert bystander.points == bystander.max_points, [(c.check.id, c.status) for c in bystander.checks]
    budget = TIMEOUT * 14 + 60  # quote-marks: 13 code cells and the prelude
    assert elapsed < budget + 30
    assert _digest(out) == written, "a file the grader wrote changed after grading"
    assert (out / "feedback" / "earlier.md").read_text(encoding="utf-8") == "a file that was there before\n"
    assert before == _digest(subs) | {f"keys/{k}": v for k, v in _digest(keys).items()}
    assert not _leftovers(uids), "a process of the submission is still running"
    feedback = (out / "feedback" / f"{name}.md").read_text(encoding="utf-8")
    for secret in _hidden_secrets():
        assert secret not in feedback
    assert "NETWORK-REACHED" not in feedback


def test_a_hidden_check_error_names_the_exception_only(keys: Path, tmp_path: Path) -> None:
    """A hidden input can leak through an error message; the feedback names the exception alone."""
    nb = _attack_notebook("def find_quote_marks(text):\n    raise KeyError(text)\n")
    nbformat.write(nb, tmp_path / "leaky.ipynb")
    (result,) = grade.grade(QM, [tmp_path / "leaky.ipynb"], timeout=TIMEOUT, keys=keys)
    hidden = [c for c in result.checks if c.check.hidden and "find" in c.check.depends]
    assert hidden and all(c.detail == "raised KeyError" for c in hidden)
    assert any(c.detail.startswith("raised KeyError: ") for c in result.checks if not c.check.hidden)
    text = grade.feedback_markdown(result)
    for secret in _hidden_secrets():
        assert secret not in text


def test_without_a_sandbox_the_grader_refuses_and_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat.write(student_notebook(load_key(QM)), tmp_path / "a.ipynb")
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    grade._sandbox_problem.cache_clear()
    try:
        with pytest.raises(grade.GradeError, match="apt-get install bubblewrap") as err:
            grade.grade(QM, [tmp_path / "a.ipynb"], timeout=TIMEOUT)
        assert "--trusted-code" in str(err.value) and "Containerfile" in str(err.value)
        (result,) = grade.grade(QM, [tmp_path / "a.ipynb"], timeout=TIMEOUT, trusted_code=True)
        assert result.status == "graded"
    finally:
        grade._sandbox_problem.cache_clear()


def test_the_kernel_sees_only_its_scratch_folder_and_the_runtime(tmp_path: Path, keys: Path) -> None:
    """What the sandboxed kernel can see, printed into a visible check's output."""
    probe = r"""
import os
def find_quote_marks(text):
    seen = []
    for path in ["/tmp", ".", "/proc/1/cmdline", "/root", os.environ.get("HOME", "")]:
        try:
            seen.append((path, sorted(os.listdir(path)) if os.path.isdir(path) else "file"))
        except OSError as err:
            seen.append((path, type(err).__name__))
    print(os.getcwd(), os.getpid(), os.getuid() != 0, seen, sorted(os.environ))
"""
    nbformat.write(_attack_notebook(probe), tmp_path / "probe.ipynb")
    (result,) = grade.grade(QM, [tmp_path / "probe.ipynb"], timeout=TIMEOUT, keys=keys)
    output = next(c.output for c in result.checks if c.check.id == "curly")
    # /tmp is a fresh tmpfs: it holds nothing but the mount points of the read-only runtime, when
    # the checkout or its virtual environment lives under /tmp (as a CI clone may)
    bound = [*sandbox._runtime_paths(), sandbox.PACKAGE_ROOT / "helpers", sandbox.PACKAGE_ROOT / "data"]
    under_tmp = sorted({p.relative_to("/tmp").parts[0] for p in bound if p.is_relative_to("/tmp")})
    assert output.startswith("/scratch ") and f"('/tmp', {under_tmp})" in output
    assert "TALKS_IN_TURKEY_KEYS" not in output and str(keys) not in output
    pid_in_sandbox = int(output.split()[1])
    assert pid_in_sandbox < 10, "the kernel must be in its own PID namespace"
    if os.geteuid() == 0:
        assert " True " in output, "a root grader runs kernels as an unprivileged user"
