"""The lowest floor: the error root, shipped data, the pydantic models, item numbering, text made inert."""
