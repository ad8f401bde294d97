"""Problem wording in the chosen language."""
