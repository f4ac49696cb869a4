"""The pygame front end: an app loop, a stack of scenes (one per file), widgets and a theme.

Everything it shows comes from the engine's player view, its reports and the debrief.
"""
