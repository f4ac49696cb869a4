"""The shell-neutral layer every front end stands on: the game session (rounds, autosave,
workshop link, result files), typed plan actions with undo, and presentation lines for cards,
reports and the debrief. No pygame, no terminal I/O."""
