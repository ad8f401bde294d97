"""Typer: one module per command group; options in, one library call, output, exit codes."""
