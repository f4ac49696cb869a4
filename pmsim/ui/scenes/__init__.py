"""One scene per file: title, picker, briefing, board, confirm, results, debrief, pause,
settings."""
