"""Scoring tables people bring (xlsx, csv, docx) imported as standards: `grid` reads the cells,
`importer` makes the standard (`safecli standards import`)."""
