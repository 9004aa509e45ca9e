"""Load one of the repository's scripts (``scripts/``, ``benchmarks/``) as a module.

The scripts are not a package: the tests and the other scripts that reuse
their functions load them by path, through :func:`load`, so that each is
loaded once and the same way everywhere::

    from script_loader import load  # scripts/ is on pytest's pythonpath

    layout = load("scripts/layout_report.py")
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load(relative: str) -> ModuleType:
    """The script at ``relative`` (to the repository's root), imported under its file name.

    A script loaded before, or imported by name, is returned as it is, so a
    test and the script it calls share one module. The module is registered
    in ``sys.modules`` before it runs, as dataclasses need.
    """
    path = ROOT / relative
    name = path.stem
    if name in sys.modules and Path(getattr(sys.modules[name], "__file__", "") or "").resolve() == path:
        return sys.modules[name]
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such script")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
