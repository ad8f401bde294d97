"""`safecli schema`: the JSON Schema of a standard, a record or a unit profile."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from safecli.cli.options import app, emit


class SchemaKind(str, Enum):
    standard = "standard"
    record = "record"
    profile = "profile"
    overlay = "overlay"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(help="standard, record, profile (单位概况) or overlay (a local 细则)."),
    ],
) -> None:
    """Print the JSON Schema of a standard, a record, a unit profile or an overlay, for editors.

    Example: safecli schema profile > profile.schema.json
    """
    from safecli.model.overlay import Overlay
    from safecli.model.profile import Profile
    from safecli.model.record import Record
    from safecli.model.schema import json_schema
    from safecli.model.standard import Standard

    model = {"standard": Standard, "record": Record, "profile": Profile, "overlay": Overlay}[
        kind.value
    ]
    emit(
        json.dumps(json_schema(model, f"safecli {kind.value}"), ensure_ascii=False, indent=2), None
    )
