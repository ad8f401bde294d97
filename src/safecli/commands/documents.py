"""Commands of this area register on safecli.cli.app (see commands/__init__.py)."""

from __future__ import annotations
