"""The terminal shell: the game as text, for any terminal, screen readers and scripts."""
