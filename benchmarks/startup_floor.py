"""The start-up floor Typer and pydantic set, nothing of safecli: a Typer app with two commands,
one taking a path and a choice and validating one pydantic model.

    PYDANTIC_DISABLE_PLUGINS=__all__ python benchmarks/startup_floor.py score x.yaml --format json

Against `python -c "import yaml"`, it is what `safecli score one.yaml` cannot go below while
it parses its options with Typer and checks records with pydantic (benchmarks/README.md).
"""

from enum import Enum
from pathlib import Path

import typer
import yaml  # noqa: F401  (safecli reads YAML too: the baseline is `import yaml`)
from pydantic import BaseModel, Field

app = typer.Typer()


class Fmt(str, Enum):
    json = "json"
    table = "table"


class Item(BaseModel):
    id: str = Field(min_length=1)
    points: int = 0


@app.command()
def score(record: Path, fmt: Fmt = typer.Option(Fmt.table, "--format")) -> None:
    item = Item.model_validate({"id": record.name, "points": 1})
    print(item.model_dump_json())


@app.command()
def other() -> None:
    pass


if __name__ == "__main__":
    app()
