"""The tooling core stays UI-free: importing it must not pull in Rich or Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import patrolday.tooling

MODULES = ["patrolday.tooling." + m.name for m in pkgutil.iter_modules(patrolday.tooling.__path__)]


@pytest.mark.parametrize("module", MODULES)
def test_tooling_module_imports_no_ui_library(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
