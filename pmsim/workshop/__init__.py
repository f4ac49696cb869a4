"""Workshop mode: one scenario for many teams, scored by the host, never by the teams."""
