"""Command modules: each registers its commands on `safecli.cli.app` when imported.

Keep imports of heavy libraries (pandas, openpyxl, jinja2) inside the command functions, so
that `safecli --version` and `safecli score` start fast.
"""
