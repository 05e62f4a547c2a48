"""The engine and the non-UI modules never import Textual or Rich (harlequin's test, adapted).

Each module is imported in a fresh interpreter, which then reports whether ``textual`` or
``rich`` ended up in ``sys.modules``. This keeps the engine usable from tests, tools and
other front ends, and keeps ``patrolday --help`` and ``patrolday check`` fast.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import patrolday.engine

ENGINE_MODULES = ["patrolday.engine." + m.name for m in pkgutil.iter_modules(patrolday.engine.__path__)]
UI_FREE = [
    "patrolday",
    "patrolday.engine",
    *ENGINE_MODULES,
    "patrolday.game.storage",
    "patrolday.game.playthrough",
    "patrolday.bundled",
    "patrolday.cli",
]


def _loaded_ui(module: str) -> list[str]:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in result.stdout.strip().split(",") if m]


@pytest.mark.parametrize("module", UI_FREE)
def test_module_imports_no_ui_library(module: str) -> None:
    assert _loaded_ui(module) == []


def test_engine_modules_were_found() -> None:
    assert {"patrolday.engine.runtime", "patrolday.engine.loader", "patrolday.engine.expressions"} <= set(
        ENGINE_MODULES
    )


def test_help_and_check_do_not_import_textual() -> None:
    code = (
        "import sys; from patrolday.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("False")
