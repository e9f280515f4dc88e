"""The engine itself: its tax-benefit system, built once per process, and its version."""

from __future__ import annotations

import importlib.metadata
import threading
from functools import lru_cache
from typing import Any

from kmb.benefits.engine.household import ENGINE_PACKAGE

# ---------------------------------------------------------------------------
# Engine loading (once per process)
# ---------------------------------------------------------------------------

_engine_lock = threading.Lock()
_tax_benefit_system: Any = None


def get_tax_benefit_system() -> Any:
    """The engine's tax-benefit system, built once per process (thread-safe, lazy).

    Building it reads all parameters and variables of the model (about 0.4 s).
    """
    global _tax_benefit_system
    system = _tax_benefit_system
    if system is None:
        with _engine_lock:
            system = _tax_benefit_system
            if system is None:
                from openfisca_czechia import CountryTaxBenefitSystem

                system = CountryTaxBenefitSystem()
                _tax_benefit_system = system
    return system


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Version of the installed engine package (stored with every estimate)."""
    return importlib.metadata.version(ENGINE_PACKAGE)
