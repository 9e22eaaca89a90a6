"""claimset: an essay's statements as a validated, citable Hugging Face dataset.

``claimset.load`` and ``claimset.join`` are the analysis API (imported on first use, so the
command line starts without the data libraries).
"""

__version__ = "0.1.0"
__all__ = ["InvalidDataError", "__version__", "join", "load"]


def __getattr__(name: str):
    if name in ("load", "join", "InvalidDataError"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimset' has no attribute {name!r}")
