"""safecli: compliance-as-code for China's work-safety creation programs.

The library works without the command line::

    from safecli import load_standard, load_record, assess
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
