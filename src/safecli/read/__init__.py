"""The file boundary: the guarded reader and writer, YAML with line marks, the 自查表, loading standards and records, and the catalog."""
