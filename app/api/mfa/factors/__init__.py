"""The routes of second factors: each module here adds one factor's routes to mfa_ns (turning
it on and off, sending a code), and is loaded by load_factor_routes(), so a new factor's routes
are a new module and nothing else."""

from importlib import import_module
from pkgutil import iter_modules


def load_factor_routes() -> None:
    """Import every module of this package, whose routes join mfa_ns as they load."""
    for module in iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")
