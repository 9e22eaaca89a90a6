"""claimset: an essay's statements as a validated, citable Hugging Face dataset."""

__version__ = "0.1.0"
