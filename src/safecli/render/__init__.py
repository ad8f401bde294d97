"""Turn assessments, standards and plans into the files and tables people read."""
