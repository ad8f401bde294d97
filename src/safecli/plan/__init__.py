"""The unit's 实施方案 and its timeline."""
