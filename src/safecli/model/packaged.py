"""Where the data shipped with safecli sits (standards, templates): the lowest floor, no imports."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_dir(name: str) -> Path:
    """A data folder shipped in the wheel (`standards`, `templates`), or the checkout's own."""
    shipped = Path(str(resources.files("safecli") / name))
    if shipped.is_dir():
        return shipped
    # an editable install or a plain checkout: the folders sit at the repository root
    return Path(__file__).resolve().parents[3] / name
